from fastapi import APIRouter

router = APIRouter(prefix="/v1/inquiries", tags=["inquiries"])
