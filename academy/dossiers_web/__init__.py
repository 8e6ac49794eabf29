"""Dossiers on the web: load a driver's dossier input from the database, build the PDF with
the pure builder (academy/dossiers), record it (checksum, verification code), serve it, and
let anyone verify a printed code. Also the driver's photo, which the dossier cover prints."""
