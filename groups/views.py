"""Public pages for finding self-help groups."""

from django.db.models import Count, Q
from django.views.generic import DetailView, ListView, TemplateView

from groups.forms import SearchForm
from groups.models import Group, Topic


class HomeView(TemplateView):
    template_name = "groups/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=SearchForm(), group_count=Group.objects.public().count(), **kwargs
        )


class GroupListView(ListView):
    template_name = "groups/group_list.html"
    context_object_name = "groups"
    paginate_by = 20

    def get_queryset(self):
        self.form = SearchForm(self.request.GET or None)
        groups = Group.objects.public().select_related("contact_point").prefetch_related("topics")
        if self.form.is_valid():
            groups = groups.matching(self.form.cleaned_data["q"]).in_town(
                self.form.cleaned_data["ort"]
            )
        return groups.order_by("name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class GroupDetailView(DetailView):
    template_name = "groups/group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        return (
            Group.objects.public()
            .select_related("contact_point", "meeting_site")
            .prefetch_related("topics", "contact_point__sites")
        )


class TopicListView(ListView):
    template_name = "groups/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        public = Q(groups__in=Group.objects.public())
        return Topic.objects.annotate(group_count=Count("groups", filter=public)).order_by("name")


class TopicDetailView(DetailView):
    template_name = "groups/topic_detail.html"
    context_object_name = "topic"
    queryset = Topic.objects.all()

    def get_context_data(self, **kwargs):
        groups = (
            Group.objects.public()
            .filter(topics=self.object)
            .select_related("contact_point")
            .prefetch_related("topics")
        )
        return super().get_context_data(groups=groups, **kwargs)
