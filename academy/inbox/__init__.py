"""What waits for whom: the inbox on each dashboard, and the e-mails that carry it further
(reminders, licence-application news, the weekly digest)."""
