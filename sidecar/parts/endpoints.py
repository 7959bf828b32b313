from fastapi import APIRouter

router = APIRouter(prefix="/v1/parts", tags=["parts"])
