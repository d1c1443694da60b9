"""Direct-foreign-key object permission tables for projects (django-guardian).

Guardian's generic tables store object ids as text and need a cast in every
visibility query; these tables join on an integer key with an index, which
keeps `Project.objects.visible_to(user)` one cheap subquery at any size.
"""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from projects.models.projects import Project


class ProjectUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Project, models.CASCADE)


class ProjectGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Project, models.CASCADE)
