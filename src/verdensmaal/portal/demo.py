"""The demo, loaded app by app through each app's own demo loader (and so through its services).

Everything is labelled as demo. The demo passwords are public: never load demo data in production.
"""

from dataclasses import dataclass

from django.db import transaction

from verdensmaal.accounts.demo import accounts_demo_load, demo_secretariat
from verdensmaal.areas.demo import peer_groups_load
from verdensmaal.data.demo import demo_observations_load
from verdensmaal.frameworks.demo import framework_demo_load
from verdensmaal.learning.demo import learning_demo_load
from verdensmaal.network.demo import network_demo_load


@dataclass(frozen=True)
class DemoCounts:
    organisations: int
    users: int
    observations: int


def demo_load(*, with_data: bool = True) -> DemoCounts:
    """Organisations and users, peer groups, the network's demo season and, ``with_data``, the
    generated observations, Vejle's demo framework and the learning demo (the other members'
    frameworks, cases, field visits; they need both). Safe to run again."""
    with transaction.atomic():
        accounts = accounts_demo_load()
        secretariat = demo_secretariat()
        network_demo_load(actor=secretariat)
        peer_groups_load(actor=secretariat)
    observations = 0
    if with_data:
        observations = demo_observations_load()
        framework_demo_load()
        learning_demo_load()
    return DemoCounts(accounts["organisations"], accounts["users"], observations)
