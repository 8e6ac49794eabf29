"""Dossiers: one package, blueprint ``dossiers``, templates in templates/dossiers/.

The web layer here loads a driver's dossier input from the database (loader, queries), builds
the PDF with the pure builder in ``academy.dossiers.pdf``, records it (checksum, verification
code; generation), serves it and lets anyone verify a printed code (routes), revokes it
(revocation), and keeps the driver's photo that the cover prints (photos).

``academy.dossiers.pdf`` is pure: no Flask, no database; a ``DossierInput`` in, PDF bytes out."""
