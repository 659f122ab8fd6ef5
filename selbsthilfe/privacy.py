"""What the site stores about people, for the privacy notice: each processing with its data,
purpose, legal basis, recipients and the retention the code enforces. The notice is rendered
from this list, and a test checks that every model holding personal data is named in it."""

from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from contactpoints.models import (
    ContactPoint,
    Inquiry,
    Membership,
    Message,
    MessageEmail,
    MessageReply,
    Site,
)
from events.models import Registration, RegistrationEmail
from events.services import KEEP_PERSONAL_DATA_DAYS
from groups.models import (
    FoundingInterest,
    Group,
    Organisation,
    OrganisationEditor,
    ReconfirmationRequest,
    Suggestion,
)
from groups.services import KEEP_SUGGESTION_SENDER_DAYS
from selbsthilfe.models import AccessibilityFeedback, LegalInformation, StaffNotice

# Finished tasks of the mail queue are pruned after this many days (the daily unit's
# `prune_db_task_results --min-age-days`, docs/deployment/).
TASK_RESULTS_KEPT_DAYS = 30


@dataclass
class Processing:
    title: str
    data: str
    purpose: str
    legal_basis: str
    recipients: str
    retention: str
    models: tuple = ()

    @property
    def stored_as(self) -> list[str]:
        return [str(model._meta.verbose_name_plural) for model in self.models]


def processings(legal: LegalInformation) -> list[Processing]:
    hosting = legal.hosting or _("the hosting provider (named above once the operator enters it)")
    idle_minutes = settings.SESSION_COOKIE_AGE // 60
    lock_minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return [
        Processing(
            _("Visiting the site"),
            _(
                "Your browser's address, the page asked for and the time, in the server's logs; "
                "the site's own request log leaves out the address and what you searched for. "
                "A cookie with the language you chose, and one that protects forms against "
                "forged submissions."
            ),
            _("Delivering the pages and keeping the service secure."),
            _("Art. 6 (1) (f) GDPR; the cookies are strictly necessary (§ 25 (2) TDDDG)."),
            hosting,
            ngettext(
                "Server logs: %(days)s day. The cookies: until you close the browser.",
                "Server logs: %(days)s days. The cookies: until you close the browser.",
                legal.server_log_days,
            )
            % {"days": legal.server_log_days},
        ),
        Processing(
            _("Registering for an event"),
            _(
                "Name, email address, phone number if you give one, number of persons, status "
                "and attendance, the time of your consent, and a keyed hash of your address "
                "that only counts registrations per hour against misuse."
            ),
            _(
                "Organising the event and writing to you about it (confirmation, a place from "
                "the waiting list, changes, cancellation; the access link of an online event)."
            ),
            _("Art. 6 (1) (b) GDPR (your registration); the hash: Art. 6 (1) (f) GDPR."),
            _("The staff of the organising contact point; %(hosting)s.") % {"hosting": hosting},
            ngettext(
                "Name, email address and phone number are deleted %(days)s day after the event, "
                "in the change history too; the counts stay for the annual report. You can "
                "cancel at any time before the event with the link in your confirmation email.",
                "Name, email address and phone number are deleted %(days)s days after the event, "
                "in the change history too; the counts stay for the annual report. You can "
                "cancel at any time before the event with the link in your confirmation email.",
                KEEP_PERSONAL_DATA_DAYS,
            )
            % {"days": KEEP_PERSONAL_DATA_DAYS},
            (Registration, RegistrationEmail),
        ),
        Processing(
            _("Reporting a group or a correction"),
            _(
                "What you propose about the group, your name, email address and message if you "
                "give them, the time of your consent, and a keyed hash of your address against "
                "misuse."
            ),
            _(
                "The responsible contact point reviews the report and may ask you about it; it "
                "gets an email without the report's content."
            ),
            _("Art. 6 (1) (a) GDPR (your consent); the hash: Art. 6 (1) (f) GDPR."),
            _("The staff of the responsible contact point; %(hosting)s.") % {"hosting": hosting},
            ngettext(
                "Your name, email address and message are deleted %(days)s day after the "
                "review. If you report a new group and it is accepted, your name and email become "
                "the group's internal contact (see the next section).",
                "Your name, email address and message are deleted %(days)s days after the "
                "review. If you report a new group and it is accepted, your name and email become "
                "the group's internal contact (see the next section).",
                KEEP_SUGGESTION_SENDER_DAYS,
            )
            % {"days": KEEP_SUGGESTION_SENDER_DAYS},
            (Suggestion,),
        ),
        Processing(
            _("Writing a message"),
            _(
                "Your name or nickname, how to answer you (email, or phone and a time to call), "
                "your message, the time of your consent, a keyed hash of your address against "
                "misuse; the staff's handling (status, internal note, replies sent to you)."
            ),
            _(
                "Answering you. A message to a group that is reached directly is passed on to "
                "the group's email address with your details, so that the group answers you; "
                "the contact point gets an email without the message's content."
            ),
            _("Art. 6 (1) (a) GDPR (your consent); the hash: Art. 6 (1) (f) GDPR."),
            _(
                "The staff of the contact point; a message to a group only the group (the "
                "staff see that it was passed on, not its content); %(hosting)s."
            )
            % {"hosting": hosting},
            ngettext(
                "Deleted with its replies %(days)s day after the message was closed. A "
                "message to a group: its text and your details are deleted as soon as the "
                "email to the group (and the confirmation to you) has been sent. An anonymous "
                "entry in the inquiry log (date, web form, topics) stays.",
                "Deleted with its replies %(days)s days after the message was closed. A "
                "message to a group: its text and your details are deleted as soon as the "
                "email to the group (and the confirmation to you) has been sent. An anonymous "
                "entry in the inquiry log (date, web form, topics) stays.",
                settings.MESSAGE_RETENTION_DAYS,
            )
            % {"days": settings.MESSAGE_RETENTION_DAYS},
            (Message, MessageReply, MessageEmail),
        ),
        Processing(
            _("Reports of barriers"),
            _(
                "The page and what does not work; your name and email address if you give "
                "them; a keyed hash of your address against misuse."
            ),
            _("Removing the barrier, and answering you if you want an answer."),
            _(
                "Art. 6 (1) (c) GDPR with § 12b BGG and BITV 2.0 (the legal duty to offer "
                "this way), else (f); the hash: Art. 6 (1) (f) GDPR."
            ),
            _("The operator; %(hosting)s.") % {"hosting": hosting},
            ngettext(
                "Deleted %(days)s day after it came in.",
                "Deleted %(days)s days after it came in.",
                settings.MESSAGE_RETENTION_DAYS,
            )
            % {"days": settings.MESSAGE_RETENTION_DAYS},
            (AccessibilityFeedback,),
        ),
        Processing(
            _("Interest in founding or joining a group"),
            _(
                "Your name or nickname, email address or phone number, the group or the topic "
                "and place, the time of your consent, and a keyed hash of your address against "
                "misuse."
            ),
            _(
                "The contact point puts you in touch with a group in founding, or brings "
                "together people who want to found a group on the same topic near one another. "
                "Interested people never see each other's details."
            ),
            _("Art. 6 (1) (a) GDPR (your consent); the hash: Art. 6 (1) (f) GDPR."),
            _("The staff of the responsible contact point; %(hosting)s.") % {"hosting": hosting},
            ngettext(
                "Deleted %(months)s month after you sent it. An anonymous entry in the inquiry "
                "log stays.",
                "Deleted %(months)s months after you sent it. An anonymous entry in the inquiry "
                "log stays.",
                settings.FOUNDING_INTEREST_MONTHS,
            )
            % {"months": settings.FOUNDING_INTEREST_MONTHS},
            (FoundingInterest,),
        ),
        Processing(
            _("Group entries and their contact persons"),
            _(
                "The group's details; the contact for the public only where the group decided "
                "so; an internal contact person (name, email, phone) for the contact point; the "
                "yearly request to confirm the entry, with the address it went to."
            ),
            _("The public directory of self-help groups, and keeping it current."),
            _("Art. 6 (1) (a) GDPR (the group's consent to its entry) and (f) GDPR."),
            _(
                "Published details: everyone. Internal details: the staff of the group's "
                "contact point."
            ),
            ngettext(
                "While the entry exists; the link of a confirmation request is valid for %(days)s "
                "day. A group can have its entry changed or removed at any time through its "
                "contact point.",
                "While the entry exists; the link of a confirmation request is valid for %(days)s "
                "days. A group can have its entry changed or removed at any time through its "
                "contact point.",
                ReconfirmationRequest.VALID_DAYS,
            )
            % {"days": ReconfirmationRequest.VALID_DAYS},
            (Group, ReconfirmationRequest),
        ),
        Processing(
            _("Contact points, self-help organisations and the operator"),
            _(
                "Names, addresses, phone numbers and email addresses of the contact points, "
                "their sites, the self-help organisations and the operator of this site."
            ),
            _("Showing who helps where, the Imprint and this notice."),
            _("Art. 6 (1) (f) GDPR; for the operator § 5 DDG."),
            _("Everyone (published)."),
            _("As long as they are current."),
            (ContactPoint, Site, Organisation, LegalInformation),
        ),
        Processing(
            _("Inquiries to a contact point"),
            _(
                "The staff record an inquiry anonymously: date, channel, who asked in general "
                "terms (e.g. a relative), topics and outcome. No name or contact detail."
            ),
            _("The contact point's annual activity report to its funders."),
            _("Art. 6 (1) (f) GDPR; no personal data is stored."),
            _("The staff of the contact point; as figures in its annual report."),
            _("As long as the annual reports need them."),
            (Inquiry,),
        ),
        Processing(
            _("Staff accounts"),
            _(
                "User name, name, email address, password (as a hash), the contact points one "
                "works for, who changed which entry when, the session while signed in, and "
                "failed sign-ins with the user name and address."
            ),
            _(
                "Signing in, working on the entries of one's contact points, tracing changes, "
                "and stopping the guessing of passwords."
            ),
            _("Art. 6 (1) (b) and (f) GDPR; Art. 88 GDPR with § 26 BDSG for employees."),
            _("The administrators of the site; %(hosting)s.") % {"hosting": hosting},
            " ".join(
                [
                    _(
                        "Accounts are deactivated, not deleted, so that the change history keeps "
                        "naming who changed what."
                    ),
                    ngettext(
                        "A session ends after %(idle)s minute without activity and is deleted "
                        "daily.",
                        "A session ends after %(idle)s minutes without activity and is deleted "
                        "daily.",
                        idle_minutes,
                    )
                    % {"idle": idle_minutes},
                    ngettext(
                        "Failed sign-ins are deleted after %(lock)s minute or a successful "
                        "sign-in; successful sign-ins are not logged.",
                        "Failed sign-ins are deleted after %(lock)s minutes or a successful "
                        "sign-in; successful sign-ins are not logged.",
                        lock_minutes,
                    )
                    % {"lock": lock_minutes},
                ]
            ),
            (
                get_user_model(),
                Membership,
                OrganisationEditor,
                Session,
                AccessAttempt,
                AccessLog,
                AccessFailureLog,
            ),
        ),
        Processing(
            _("Sending emails"),
            _(
                "The queue of emails to send refers to the registration, report or message by "
                "its number and keeps the send attempts and their errors. Notices to the staff "
                "of a contact point name no citizen."
            ),
            _(
                "Sending the emails above without delaying the page, and retrying when the mail "
                "server fails."
            ),
            _("As for the registration, report or message the email belongs to."),
            hosting,
            ngettext(
                "Finished queue entries and sent notices: %(days)s day.",
                "Finished queue entries and sent notices: %(days)s days.",
                TASK_RESULTS_KEPT_DAYS,
            )
            % {"days": TASK_RESULTS_KEPT_DAYS},
            (DBTaskResult, StaffNotice),
        ),
        Processing(
            _("Backups"),
            _("A copy of all data above, made every night."),
            _("Restoring the service after a failure."),
            _("Art. 6 (1) (f) GDPR and Art. 32 GDPR."),
            hosting,
            ngettext("%(days)s day.", "%(days)s days.", legal.backup_days)
            % {"days": legal.backup_days},
        ),
    ]
