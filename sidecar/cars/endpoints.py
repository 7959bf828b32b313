from fastapi import APIRouter

router = APIRouter(prefix="/v1/cars", tags=["cars"])
