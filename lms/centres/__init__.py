"""UNEVOC Centres: the institutions of the network that learners come from."""
