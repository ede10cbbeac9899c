"""English the engine needs whatever the knowledge pack: filler words, the words that signal an
intent, and shorthand people use in chat. Knowledge-specific words (service aliases, topic words,
out-of-scope names) live in the knowledge YAML instead.
"""

from __future__ import annotations

# Words that carry no duty meaning (after lower-casing, before stemming).
STOPWORDS = frozenset(
    """
    a an the and or but nor so if then than that this these those there here it its it's
    is are was were be been being am do does did done doing have has had having get gets got
    i me my mine we us our ours ourselves you your yours they them their theirs he she his her
    who whom whose what which when where why how whats hows whos
    of on in at by for from to into onto with within without about over under up down out off
    as via per vs versus
    can could should would will shall may might must need needs needed
    please pls plz thanks thank thx ty hey hi hello yo hmm hm um uh ok okay
    just really actually also still even any some all each every both either neither
    job jobs duty duties responsible responsibility responsibilities responsibilty
    responsibilites responsable handle handles handled handling take takes taking care
    look looks like tell show give explain describe know let lets
    part side thing things stuff someone somebody anyone anybody one ones
    aws amazon amazons aws's amazon's customer customers client clients user's us? we're
    team teams folks guys asking question quick q
    ours theirs mine yours
    yes no not dont don't doesnt doesn't isnt isn't
    """.split()
)

# Words that name a party (for "aws or us?" and "what do *we* do?").
AWS_WORDS = frozenset({"aws", "amazon", "amazons", "provider", "vendor"})
CUSTOMER_WORDS = frozenset(
    {"we", "us", "our", "ours", "customer", "customers", "me", "i", "my", "you", "your", "client"}
)

# Shorthand and variants, mapped to the words the knowledge uses (applied before stemming).
# A value may be several words.
SHORTHAND: dict[str, str] = {
    "fn": "function",
    "fns": "function",
    "func": "function",
    "funcs": "function",
    "env": "environment",
    "envs": "environment",
    "var": "variable",
    "vars": "variables",
    "exec": "execution",
    "cert": "certificate",
    "certs": "certificate",
    "infra": "infrastructure",
    "hw": "hardware",
    "dc": "datacenter",
    "dcs": "datacenter",
    "vuln": "vulnerability",
    "vulns": "vulnerability",
    "cve": "vulnerability",
    "cves": "vulnerability",
    "deps": "dependencies",
    "dep": "dependencies",
    "libs": "libraries",
    "lib": "library",
    "perms": "permissions",
    "perm": "permissions",
    "privs": "privilege",
    "priv": "privilege",
    "creds": "credentials",
    "db": "database",
    "dbs": "database",
    "sg": "security group",
    "sgs": "security group",
    "nacl": "network acl",
    "nacls": "network acl",
    "2fa": "mfa",
    "https": "tls",
    "sse": "encryption",
    "pitr": "pointintime",
    "config": "configuration",
    "configs": "configuration",
    "maintains": "maintain",
    "maintaining": "maintain",
    "maintenance": "maintain",
    "maintained": "maintain",
    "upgrade": "update",
    "upgrades": "update",
    "upgrading": "update",
    "rotate": "rotation",
    "rotates": "rotation",
    "rotating": "rotation",
    "replicate": "replication",
    "replicates": "replication",
    "replicated": "replication",
    "replicating": "replication",
    "setup": "setup",
    "ha": "high availability",
    "az": "availabilityzone",
    "azs": "availabilityzone",
    "os": "operatingsystem",
    "oses": "operatingsystem",
    "datacentre": "datacenter",
    "datacentres": "datacenter",
    "datacenters": "datacenter",
    "iam's": "iam",
    "k8s": "kubernetes",
    "teh": "the",
    "hte": "the",
    "waht": "what",
    "whos": "who",
}

# Phrases folded into one token before anything else (both in questions and knowledge texts),
# so that "Availability Zone" and "AZ" meet, and "security group" does not match any "security".
PHRASES: dict[str, str] = {
    "availability zones": "availabilityzone",
    "availability zone": "availabilityzone",
    "operating systems": "operatingsystem",
    "operating system": "operatingsystem",
    "data centers": "datacenter",
    "data center": "datacenter",
    "data centres": "datacenter",
    "data centre": "datacenter",
    "point in time": "pointintime",
    "multi az": "multiaz",
    "set up": "setup",
    "sets up": "setup",
    "setting up": "setup",
    "back up": "backup",
    "backing up": "backup",
    "least privilege": "leastprivilege",
    "two factor": "mfa",
    "multi factor": "mfa",
    "env vars": "environment variables",
    "at rest": "atrest",
    "in transit": "intransit",
}

# Intent signals: phrases (already normalised to tokens joined by spaces).
HELP = (
    "help",
    "usage",
    "what can you do",
    "what do you do",
    "what can i ask",
    "what do you know",
    "how do i use",
    "how to use",
    "commands",
    "what are you",
    "who are you",
)
GREETINGS = frozenset(
    "hi hello hey yo hiya howdy morning evening afternoon sup thanks thank thx ty cheers".split()
)
COMPARE = (
    "vs",
    "versus",
    "compare",
    "compared",
    "comparison",
    "comparing",
    "difference",
    "differences",
    "different",
    "differ",
    "side by side",
    "between",
    "contrast",
)
BEST_PRACTICE = (
    "best practice",
    "best practices",
    "practice",
    "practices",
    "recommend",
    "recommended",
    "recommendation",
    "recommendations",
    "should we",
    "should i",
    "should lambda",
    "tips",
    "tip",
    "advice",
    "harden",
    "hardening",
    "checklist",
    "good idea",
    "is it wise",
)
COMPLIANCE = (
    "compliance",
    "compliant",
    "certification",
    "certifications",
    "certified",
    "soc",
    "soc 2",
    "iso",
    "pci",
    "hipaa",
    "residency",
    "regulatory",
    "regulation",
    "regulations",
    "auditors",
)
CATEGORY = (
    "category",
    "categories",
    "categorised",
    "categorized",
    "classified",
    "classification of services",
    "iaas",
    "paas",
    "saas",
    "infrastructure as a service",
    "platform as a service",
    "software as a service",
    "abstracted",
    "abstracted services",
    "container services",
    "infrastructure services",
    "service model",
    "service type",
    "type of service",
    "kind of service",
    "what type",
    "what kind",
)
PRINCIPLES = (
    "shared responsibility model",
    "responsibility model",
    "in general",
    "generally",
    "overall",
    "of the cloud",
    "in the cloud",
    "principle",
    "principles",
    "big picture",
    "basics",
    "summary",
    "summarise",
    "summarize",
    "overview",
    "tldr",
    "tl dr",
)
# "the card of one service": words that ask for the whole split rather than one duty.
CARD = (
    "matrix",
    "split",
    "divided",
    "division",
    "overview",
    "breakdown",
    "card",
    "shared responsibility",
    "responsibilities",
    "responsibility",
)
WHO = (
    "who",
    "whose",
    "whos",
    "aws or us",
    "us or aws",
    "we or aws",
    "aws or we",
    "ours or",
    "our job",
    "their job",
    "do we",
    "does aws",
    "is it aws",
    "is it us",
    "responsible",
    "in charge",
    "owns",
    "own",
)
