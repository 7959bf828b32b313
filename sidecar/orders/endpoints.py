from fastapi import APIRouter

router = APIRouter(prefix="/v1/orders", tags=["orders"])
