"""Facts about this deployment that its database must remember."""

from __future__ import annotations

from django.db import models


class DeploymentFact(models.Model):
    """One named value, e.g. ``data_key_fingerprint``: which personal-data key encrypted the
    numbers in this database (its fingerprint, never the key)."""

    name = models.CharField(primary_key=True, max_length=60)
    value = models.CharField(max_length=200)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "部署信息"

    def __str__(self) -> str:
        return self.name
