from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from sidecar.core.schemas import RequestBody, WholeNumber
from sidecar.media.keys import KEY_MAX_LENGTH, KEY_REGEX

ImageType = Literal["image/jpeg", "image/png", "image/webp"]


def distinct_keys(keys: list[str]) -> list[str]:
    """A listing's images[] names each key once (its AfterValidator)."""
    if len(set(keys)) != len(keys):
        raise ValueError("images must not repeat a key")
    return keys


# A key from POST /v1/media/uploads, as a car's or a part's images[] names it.
ImageKey = Annotated[str, Field(max_length=KEY_MAX_LENGTH, pattern=KEY_REGEX)]


class UploadCreate(RequestBody):
    content_type: ImageType = Field(
        validation_alias=AliasChoices("content_type", "contentType"),
        description="image/jpeg, image/png or image/webp",
    )
    size: WholeNumber | None = Field(
        default=None, ge=1, description="the file's size in bytes, if known"
    )
    # Only informative: the stored name is always generated (see sidecar.media.keys).
    filename: str | None = Field(default=None, max_length=255)


class UploadOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    key: str = Field(description="the storage key to put in a car's or a part's images[]")
    url: str = Field(
        description="POST the form here: the fields, then the file as 'file'; once only"
    )
    fields: dict[str, str]
    max_bytes: int
    expires_in: int = Field(description="seconds the form stays valid")
    public_url: str = Field(description="where the image can be read once a listing uses the key")
