"""The staff inbox: messages from the public, per contact point, with status, assignee,
internal note, replies by email and, on closing, who asked and the outcome. A message
relayed to a group shows only that it was passed on, never its content."""

from django import forms
from django.contrib import admin
from django.contrib import messages as django_messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contactpoints import messages
from contactpoints.models import ContactPoint, Inquiry, Message
from contactpoints.permissions import ContactPointScopedAdmin, contact_point_ids

# The name of the button under the reply: only it sends the reply.
SEND_REPLY = "_send_reply"


class ReplyWidget(forms.Textarea):
    """The reply's text with the button that sends it right under it, saying where to."""

    recipient = ""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if self.attrs.get("disabled") or (attrs or {}).get("disabled"):
            return html
        note_id = f"{(attrs or {}).get('id', name)}_sends"
        return html + format_html(
            '<div class="send-reply"><button type="submit" name="{}" value="1" '
            'class="button default" aria-describedby="{}">{}</button> <span id="{}">{}</span>'
            "</div>",
            SEND_REPLY,
            note_id,
            _("Send reply"),
            note_id,
            _("sends the email to %(email)s") % {"email": self.recipient},
        )


class MessageAdminForm(forms.ModelForm):
    reply = forms.CharField(
        label=_("Reply by email"),
        required=False,
        max_length=8000,
        widget=ReplyWidget(attrs={"rows": 6}),
        help_text=_("“Send reply” sends this text to the sender by email at once; it is kept "
                    "with the message. “Save” only saves the handling."),
    )  # fmt: skip
    person = forms.ChoiceField(
        label=_("Who asked"),
        choices=Inquiry.Person.choices,
        help_text=_("For the inquiry log; no personal data is kept there."),
    )
    outcomes = forms.MultipleChoiceField(
        label=_("Outcome"),
        choices=Inquiry.Outcome.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Message
        fields = ["status", "assigned_to", "internal_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        inquiry = self.instance.inquiry if self.instance.inquiry_id else None
        if inquiry is None:
            del self.fields["person"], self.fields["outcomes"]
        else:
            self.fields["person"].initial = inquiry.person
            self.fields["outcomes"].initial = inquiry.outcomes
        if self.instance.route == Message.Route.GROUP:
            self.fields["reply"].disabled = True
            self.fields["reply"].help_text = _("The group answers relayed messages itself.")
        elif not self.instance.email:
            self.fields["reply"].disabled = True
            self.fields["reply"].help_text = _("The sender gave no email address; answer by phone.")
        self.fields["reply"].widget.recipient = self.instance.email

    @property
    def can_reply(self) -> bool:
        return not self.fields["reply"].disabled

    @property
    def sends_reply(self) -> bool:
        """Whether this save is the "Send reply" button's (the only one that sends)."""
        return self.can_reply and SEND_REPLY in self.data

    def clean_reply(self):
        reply = self.cleaned_data.get("reply", "").strip()
        if not self.can_reply:
            return reply
        if self.sends_reply and not reply:
            raise forms.ValidationError(_("Write the reply first."))
        if reply and not self.sends_reply:
            # Saving must not drop a typed reply silently, nor send it unasked.
            raise forms.ValidationError(
                _("Not sent yet: click “Send reply” to send it by email, or empty the field "
                  "to save without replying.")
            )  # fmt: skip
        return reply


@admin.register(Message)
class MessageAdmin(ContactPointScopedAdmin):
    form = MessageAdminForm
    list_display = ["created_at", "about", "sender", "status", "assigned_to", "age", "route"]
    list_filter = [
        "status",
        "route",
        ("assigned_to", admin.RelatedOnlyFieldListFilter),
        ("contact_point", admin.RelatedOnlyFieldListFilter),
    ]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["name", "email", "group__name"]
    list_select_related = ["contact_point", "group", "assigned_to"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "contact_point",
        "group_link",
        "route",
        "created_at",
        "name",
        "answer_by",
        "email",
        "phone",
        "call_time",
        "text",
        "consent_given_at",
        "closed_at",
        "relayed",
        "earlier_replies",
        "email_states",
    ]
    fieldsets = [
        (None, {"fields": [("contact_point", "group_link", "route"), "created_at"]}),
        (
            _("Message"),
            {"fields": ["name", ("answer_by", "email", "phone", "call_time"), "text"]},
        ),
        (_("Handling"), {"fields": ["status", "assigned_to", "internal_note"]}),
        (_("Answer"), {"fields": ["earlier_replies", "reply"]}),
        (_("For the inquiry log"), {"fields": ["person", "outcomes"]}),
        (_("Record"), {"fields": ["consent_given_at", "closed_at", "email_states"]}),
    ]
    # A relayed message is the group's: staff see that it was passed on and whether the
    # email went out, neither its text nor its sender (blanked once sent, see
    # messages.forget_relayed_content).
    relayed_fieldsets = [
        (None, {"fields": [("contact_point", "group_link", "route"), "created_at"]}),
        (_("Message"), {"fields": ["relayed"]}),
        (_("Handling"), {"fields": ["status", "assigned_to", "internal_note"]}),
        (_("For the inquiry log"), {"fields": ["person", "outcomes"]}),
        (_("Record"), {"fields": ["consent_given_at", "closed_at", "email_states"]}),
    ]

    def has_add_permission(self, request):
        return False  # messages come from the public pages

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.route == Message.Route.GROUP:
            return self.relayed_fieldsets
        return super().get_fieldsets(request, obj)

    def get_search_results(self, request, queryset, search_term):
        """Relayed messages are found by their group's name only, never by their sender."""
        to_staff, may_have_duplicates = super().get_search_results(
            request, queryset.exclude(route=Message.Route.GROUP), search_term
        )
        relayed = queryset.filter(route=Message.Route.GROUP)
        if search_term:
            relayed = relayed.filter(group__name__icontains=search_term)
        return to_staff | relayed, may_have_duplicates

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("inquiry")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = assignable_staff(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if obj.status == Message.Status.CLOSED and obj.closed_at is None:
            obj.closed_at = timezone.now()
        elif obj.status != Message.Status.CLOSED:
            obj.closed_at = None
        super().save_model(request, obj, form, change)
        if "person" in form.cleaned_data:
            messages.record_closing(
                obj, form.cleaned_data["person"], form.cleaned_data.get("outcomes", [])
            )
        if form.sends_reply and obj.email:
            # (a message closed in the same save stays closed: only open ones become answered)
            messages.reply_to_message(obj, form.cleaned_data["reply"], request.user)

    def response_change(self, request, obj):
        if SEND_REPLY in request.POST:  # stay with the message, its reply now listed
            self.message_user(
                request,
                _("Your reply is being sent by email to %(email)s.") % {"email": obj.email},
                django_messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @admin.display(description=_("name or nickname"), ordering="name")
    def sender(self, message):
        return "–" if message.route == Message.Route.GROUP else message.name

    @admin.display(description=_("passed on"))
    def relayed(self, message):
        if message.relayed_at:
            return _("Passed on to the group on %(date)s; its content is deleted here.") % {
                "date": timezone.localtime(message.relayed_at).strftime("%d.%m.%Y %H:%M")
            }
        return _(
            "Not yet delivered to the group (see the emails below). The message is for the "
            "group only and is not shown here."
        )

    @admin.display(description=_("about"))
    def about(self, message):
        return message.group.name if message.group_id else message.contact_point.short_name

    @admin.display(description=_("waiting"))
    def age(self, message):
        if message.status not in (Message.Status.NEW, Message.Status.IN_PROGRESS):
            return "–"
        return timesince(message.created_at, depth=1)

    @admin.display(description=_("group"))
    def group_link(self, message):
        if message.group is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', message.group.get_absolute_url(), message.group.name
        )

    @admin.display(description=_("replies sent"))
    def earlier_replies(self, message):
        replies = message.replies.select_related("sent_by")
        if not replies:
            return _("None yet.")
        return format_html_join(
            "",
            '<div class="message-reply"><p><strong>{}</strong> · {}</p><p>{}</p></div>',
            (
                (
                    timezone.localtime(reply.created_at).strftime("%d.%m.%Y %H:%M"),
                    reply.sent_by or "–",
                    reply.text,
                )
                for reply in replies
            ),
        )

    @admin.display(description=_("emails"))
    def email_states(self, message):
        rows = [
            (
                email.get_kind_display(),
                timezone.localtime(email.sent_at).strftime("%d.%m.%Y %H:%M")
                if email.sent_at
                else ngettext(
                    "not sent yet (%(attempts)d attempt)",
                    "not sent yet (%(attempts)d attempts)",
                    email.attempts,
                )
                % {"attempts": email.attempts},
            )
            for email in message.emails.all()
        ]
        return format_html_join("", "<div>{}: {}</div>", rows) or "–"


def assignable_staff(user):
    """Who a message can be assigned to: active staff of the contact points ``user`` acts
    for, and the coordinators above them."""
    User = get_user_model()
    ids = contact_point_ids(user)
    staff = User.objects.filter(is_active=True, is_staff=True)
    if ids is None:
        return staff.order_by("username")
    above = set()
    for contact_point in ContactPoint.objects.filter(pk__in=ids).select_related("parent"):
        parent = contact_point.parent
        while parent is not None:
            above.add(parent.pk)
            parent = parent.parent
    return (
        staff.filter(
            Q(memberships__contact_point__in=ids)
            | Q(memberships__contact_point__in=above, memberships__role="coordinator")
        )
        .distinct()
        .order_by("username")
    )
