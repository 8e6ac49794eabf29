"""The driver's photo: checked by content, re-encoded, served only by driver id."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader

from academy.extensions import db
from academy.models import AuditEvent, DriverPhoto
from tests.builders import login


def image_bytes(fmt: str = "PNG", size=(400, 500), mode: str = "RGB", **save) -> bytes:
    image = Image.new(mode, size, (20, 40, 75) if mode == "RGB" else None)
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()


def upload(client, driver_id: int, data: bytes, filename: str = "me.png"):
    return client.post(
        f"/drivers/{driver_id}/photo",
        data={"photo": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def stored(driver_id: int) -> DriverPhoto | None:
    return db.session.execute(
        db.select(DriverPhoto).where(DriverPhoto.driver_id == driver_id)
    ).scalar_one_or_none()


def test_a_png_is_stored_as_a_fresh_jpeg_and_served_by_driver_id(client, academy):
    login(client, academy.driver_user)
    response = upload(client, academy.driver.id, image_bytes("PNG"))
    assert response.status_code == 302
    served = client.get(f"/drivers/{academy.driver.id}/photo.jpg")
    assert served.status_code == 200
    assert served.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(served.data)) as image:
        assert image.format == "JPEG"
        assert image.size == (400, 500)


def test_a_large_photo_is_scaled_down_and_loses_its_metadata(client, academy):
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera Maker"  # Make
    data = image_bytes("JPEG", size=(3000, 2000), exif=exif.tobytes())
    login(client, academy.coach)
    assert upload(client, academy.driver.id, data, "big.jpg").status_code == 302
    photo = stored(academy.driver.id)
    with Image.open(io.BytesIO(photo.data)) as image:
        assert max(image.size) == 1200
        assert not image.getexif()
    assert b"Secret Camera Maker" not in photo.data


def test_a_transparent_png_turns_white_not_black(client, academy):
    login(client, academy.admin)
    upload(client, academy.driver.id, image_bytes("PNG", mode="RGBA", size=(200, 200)))
    with Image.open(io.BytesIO(stored(academy.driver.id).data)) as image:
        assert image.convert("RGB").getpixel((100, 100)) > (240, 240, 240)


def test_a_corrupt_image_is_refused_with_the_reason(client, academy):
    login(client, academy.driver_user)
    broken = image_bytes("PNG")[:200]
    response = upload(client, academy.driver.id, broken)
    assert response.status_code == 422
    assert "could not be read as an image" in response.text
    assert stored(academy.driver.id) is None


def test_a_text_file_named_like_a_photo_is_refused(client, academy):
    login(client, academy.driver_user)
    response = upload(client, academy.driver.id, b"<?php echo 'hi'; ?>" * 10, "photo.jpg")
    assert response.status_code == 422
    assert stored(academy.driver.id) is None


def test_a_gif_is_refused_by_its_content(client, academy):
    login(client, academy.driver_user)
    response = upload(client, academy.driver.id, image_bytes("GIF"), "photo.png")
    assert response.status_code == 422
    assert "upload a JPEG, PNG or WebP image" in response.text


def test_a_20_mb_photo_is_refused_with_a_clear_message_not_a_crash(client, academy):
    login(client, academy.driver_user)
    response = upload(client, academy.driver.id, b"\xff\xd8\xff" + b"\0" * (20 * 1024 * 1024))
    assert response.status_code == 422
    assert "The photo is 20.0 MB; the limit is 5.0 MB" in response.text
    assert stored(academy.driver.id) is None


def test_no_file_chosen_is_explained(client, academy):
    login(client, academy.driver_user)
    response = client.post(
        f"/drivers/{academy.driver.id}/photo", data={}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "Choose a photo to upload." in response.text


def test_another_drivers_photo_cannot_be_replaced_or_seen(client, academy):
    login(client, academy.driver_user)
    assert upload(client, academy.other_driver.id, image_bytes()).status_code == 403
    assert client.get(f"/drivers/{academy.other_driver.id}/photo.jpg").status_code == 403


def test_a_principal_sees_the_photo_of_a_consenting_driver_only(client, academy):
    login(client, academy.admin)
    upload(client, academy.driver.id, image_bytes())
    upload(client, academy.other_driver.id, image_bytes())
    login(client, academy.principal)
    assert client.get(f"/drivers/{academy.driver.id}/photo.jpg").status_code == 200
    assert client.get(f"/drivers/{academy.other_driver.id}/photo.jpg").status_code == 403


def test_an_upload_is_audited_and_can_be_removed(client, academy):
    login(client, academy.coach)
    upload(client, academy.driver.id, image_bytes())
    assert client.post(f"/drivers/{academy.driver.id}/photo/remove").status_code == 302
    assert stored(academy.driver.id) is None
    actions = set(db.session.execute(db.select(AuditEvent.action)).scalars())
    assert {"driver_photo_uploaded", "driver_photo_removed"} <= actions


def test_the_uploaded_photo_is_printed_on_the_dossier_cover(client, academy):
    login(client, academy.driver_user)
    upload(client, academy.driver.id, image_bytes("WEBP"), "me.webp")
    pdf = client.post(f"/drivers/{academy.driver.id}/dossiers/sponsor.pdf").data
    cover = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(cover.images) == 1
    assert "No photo" not in (cover.extract_text() or "")
