"""The bilingual demo network (`seed_demo`) and the network-scale generator (`generate_network`).

Not a Django app: plain modules that write through the other apps' models.
"""
