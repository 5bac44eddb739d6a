"""The words for how a contact was made (the contact log's methods). Apart from `duty_words.py`
because ``ContactMethod`` lives with the models, which the Overview does not need before its
first data shows."""

from __future__ import annotations

from cwsw_desktop.models.contact_log import ContactMethod

METHOD_WORDS: dict[ContactMethod, str] = {
    ContactMethod.PHONE: "Phone",
    ContactMethod.EMAIL: "E-mail",
    ContactMethod.MEETING: "Meeting",
    ContactMethod.LETTER: "Letter",
}
