"""English the engine needs whatever the knowledge pack: filler words, the words that signal an
intent, and shorthand people use in chat. Knowledge-specific words (service aliases, topic words,
out-of-scope names) live in the knowledge YAML instead.
"""

from __future__ import annotations

from pathlib import Path

# Words that carry no duty meaning (after lower-casing, before stemming).
STOPWORDS = (
    frozenset(
        """
    a an the and or but nor so if then than that this these those there here it its it's is
    are was were be been being am do does did done doing have has had having get gets got i
    me my mine we us our ours ourselves you your yours they them their theirs he she his her
    who whom whose what which when where why how whats hows whos of on in at by for from to
    into onto with within without about over under up down out off as via per vs versus can
    could should would will shall may might must need needs needed please pls plz thanks
    thank thx ty hey hi hello yo hmm hm um uh ok okay just really actually also still even
    any some all each every both either neither job jobs duty duties responsible
    responsibility responsibilities responsibilty responsibilites responsable handle handles
    handled handling take takes taking care look looks like tell show give explain describe
    know let lets part side thing things stuff someone somebody anyone anybody one ones aws
    amazon amazons aws's amazon's customer customers client clients user's us? we're team
    teams folks guys asking question quick q ours theirs mine yours yes no not dont don't
    doesnt doesn't isnt isn't thats werent wasnt arent didnt cant wont shouldnt havent hasnt
    wouldnt couldnt aint nah yea yeah yep nope shouldve wouldve couldve mustve understand
    understands understood apply applies applied applying
    """.split()
    )
    # What someone believed, which tells the story ("I thought it was on"); "we assumed" is
    # read as "we thought" (PHRASES), so that an IAM role is still "assumed".
    | frozenset("thought think figured believed believe guessed expected".split())
)
# Words that say why someone asks, never what ("it's serverless, so doesn't aws patch it?"):
# left out of a question's content (they still name services in aliases).
NOT_SUBJECT = frozenset({"serverless"})

# Verbs too general to decide a duty on their own ("who manages X" says nothing of X).
WEAK = frozenset(
    """
        manage manages managing management handle run runs running secure secures securing
        security set sets setting configure configures configured configuration setup make
        makes do does work works use uses using provide provides define defines write
        writes create creates own owns sure ensure ensures guarantee guarantees care deal
        deals look looks service services enforce enforces enforcing keep keeps keeping
        sit sits sitting sat live lives living
    """.split()
)

# Words before "account" that make it a place ("in the new account"), not a user account.
IN_PLACES = frozenset({"in", "across", "into", "between"})
# Words before "account" that make it a user's or a service's account.
USER_ACCOUNTS = frozenset({"user", "users", "root", "iam", "service", "console", "personal"})

# Words for what is done to a thing, which several duties share ("hypervisor patching",
# "hypervisor security"): the thing decides who holds the duty.
ACTIONS = frozenset(
    """
        patch patching patches patched update updates updating maintain maintains maintenance
        management configuration setup enablement enable enabling creation creating monitoring
        monitor replacement replace replacing implementation implement rotation rotate rotating
        scaling
    """.split()
)

# Words that open a question asking for a thing rather than a side ("how many …", "what …").
QUESTION_WORDS = frozenset({"how", "what", "whats", "which"})

# Words before a service that make it what something reaches ("read from s3", "write to
# dynamodb"), not the subject of the question.
REACHING = frozenset(
    tuple(p.split())
    for p in (
        "read from", "reads from", "reading from", "write to", "writes to", "writing to",
        "pull from", "pulls from", "pulling from", "push to", "pushes to", "pushing to",
        "publish to", "publishes to", "publishing to", "send to", "sends to", "sending to",
        "delete", "deletes", "deleting", "drop", "drops", "scan", "scans", "scanning", "query",
        "queries", "querying",
    )
)  # fmt: skip

# Words before a service that make it the means, not the subject ("encrypting the trail's logs
# with our own kms key"), unless two services are being compared ("compare ec2 with rds").
BY_MEANS_OF = frozenset({"with", "using", "via"})
# Words that name a service only loosely, though they are no everyday word of the knowledge's
# ("the table" is DynamoDB's unless RDS is named beside it).
LOOSE_NAMES = frozenset({"table", "tables", "objects"})
# Tables that hold no data of a service ("the pivot table in our sheet", "the kitchen table").
OTHER_TABLES = frozenset(
    "pivot html truth periodic coffee conference dining kitchen excel spreadsheet seating"
    " markdown".split()
)
# Words between such a verb and the thing reached ("read from the table").
DETERMINERS = frozenset("the a an our their this that its my".split())
# ... and between a verb and the service it reaches, quantities too ("delete any dynamodb table").
REACH_DETERMINERS = DETERMINERS | frozenset("any every all each one some".split())
# A possessive's "own" ("our own kms key").
OWN = "own"

# Off-topic words that are also verbs of a duty ("who limits access", "we cost"): read as
# verbs after a subject or an auxiliary.
VERB_OR_NOUN = frozenset({"limit", "limits", "limiting"})
BEFORE_A_VERB = frozenset("who we i you they to should can must will would could".split())

# Words that open a condition the question takes as given ("once it is switched on, …").
CONDITIONS = frozenset({"if", "once", "assuming", "provided", "supposing"})
ASKING_WHETHER = frozenset(
    "ask asks asked asking wonder wondering know check checking see confirm sure tell".split()
)
# What a condition grants when it switches something on.
ENABLED_WORDS = frozenset("enabled activated".split())
# The verbs before "on" that switch something on ("switched on", "left them on").
SWITCHED_ON_BY = frozenset("switch switched turn turned left flip flipped".split())

# Words that name a party (for "aws or us?" and "what do *we* do?").
AWS_WORDS = frozenset({"aws", "amazon", "amazons", "provider", "vendor"})
CUSTOMER_WORDS = frozenset(
    {"we", "us", "our", "ours", "customer", "customers", "me", "i", "my", "you", "your", "client"}
)

# Shorthand and variants, mapped to the words the knowledge uses (applied before stemming).
# A value may be several words.
# The prefixes of IAM actions ("s3:getobject", "kms:decrypt"): AWS's service namespaces.
IAM_NAMESPACES = frozenset(
    """
    aws s3 ec2 rds lambda dynamodb ecs iam kms cloudtrail cloudfront sts logs cloudwatch sqs
    sns ssm secretsmanager elasticloadbalancing autoscaling ecr eks sso organizations
    apigateway events states kinesis firehose glue athena redshift route53 acm waf wafv2
    shield guardduty securityhub config backup elasticfilesystem
    """.split()
)
SHORTHAND: dict[str, str] = {
    # Server software installed on an instance: the document's "application software".
    "nginx": "software",
    "httpd": "software",
    "tomcat": "software",
    "haproxy": "software",
    "openssl": "software",
    # One word in two forms the stemmer keeps apart ("secure and compliant" is compliance).
    "compliant": "compliance",
    # IAM's all-powerful managed policies: asked about, they ask about least privilege.
    "administratoraccess": "iam admin least privilege",
    "poweruseraccess": "iam admin least privilege",
    # Winding data back to a moment is restoring it.
    "rewind": "restore",
    "rewinds": "restores",
    "rewinding": "restoring",
    "rewound": "restored",
    # Swapping a failed part out is replacing it.
    "swap": "replace",
    "swaps": "replaces",
    "swapped": "replaced",
    "swapping": "replacing",
    # One-time codes are the second factor of MFA.
    "otp": "mfa",
    "totp": "mfa",
    # A flood of traffic is DDoS, not a volume ("volumetric" stems like "volumes").
    "volumetric": "ddos",
    # What places containers on hosts: the document's "orchestration".
    "scheduler": "orchestration",
    "schedulers": "orchestration",
    # Replacing a credential or key on a schedule, in the document's word.
    "cycled": "rotated",
    "cycling": "rotating",
    # Watching over something, in the document's word.
    "track": "monitor",
    "tracks": "monitor",
    "tracking": "monitoring",
    "tracked": "monitored",
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
    # Software updates are patching, whatever the word.
    "update": "patch",
    "updates": "patch",
    "updated": "patch",
    "updating": "patch",
    "upgrade": "patch",
    "upgrades": "patch",
    "upgraded": "patch",
    "upgrading": "patch",
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
    "u": "you",
    "ur": "your",
    "r": "are",
    "w": "with",
    "kinda": "kind of",
    "sorta": "sort of",
    "vol": "volume",
    "vols": "volumes",
    "resp": "responsibility",
    "resps": "responsibilities",
    "mgmt": "management",
    "mgmnt": "management",
    "hsms": "hsm",
    "acct": "account",
    "accts": "accounts",
    "pwd": "password",
    "passwd": "password",
    "cfg": "configuration",
    "app": "application",
    "apps": "applications",
    "packages": "dependencies",
    "package": "dependency",
    "npm": "dependencies",
    "pip": "dependencies",
    "pypi": "dependencies",
    "maven": "dependencies",
    "nuget": "dependencies",
    "gems": "dependencies",
    "teh": "the",
    "hte": "the",
    "waht": "what",
    "whos": "who",
    "ppl": "people",
    "gw": "gateway",
    "gws": "gateway",
    "igw": "internet gateway",
    "natgw": "nat gateway",
    "secgroup": "security group",
    "secgroups": "security group",
    "recs": "recommendations",
    "dr": "disaster recovery",
    "practise": "practice",
    "practises": "practices",
    "v": "vs",
    # Misspelt "responsibility" still asks about the model ("shared responsibilty model").
    "responsibilty": "responsibility",
    "responsibilites": "responsibilities",
    "responsable": "responsible",
    # Irregular verbs, to the form the knowledge's words stem from ("kept" is "keep").
    "kept": "keep",
    "took": "take",
    "taken": "take",
    "wrote": "write",
    "written": "write",
    "chose": "choose",
    "chosen": "choose",
    "ran": "run",
    "built": "build",
    "made": "make",
    "broke": "break",
    "broken": "break",
    "left": "leave",
    "lost": "lose",
    "stole": "steal",
    "stolen": "steal",
    "leaked": "leak",
    # British spellings, to the knowledge's American ones.
    "behaviour": "behavior",
    "behaviours": "behavior",
    "optimisation": "optimization",
    "optimise": "optimize",
    "organisation": "organization",
    "authorisation": "authorization",
    "analyse": "analyze",
    "analysing": "analyzing",
    "licence": "license",
    "defence": "defense",
    "centre": "center",
    "encrypton": "encryption",
}

# Phrases folded into one token before anything else (both in questions and knowledge texts),
# so that "Availability Zone" and "AZ" meet, and "security group" does not match any "security".
PHRASES: dict[str, str] = {
    # Switching a machine off and on again, not rotating a key.
    "power cycled": "rebooted",
    "power cycling": "rebooting",
    # Who may read or write a thing is its access control.
    "can read": "can access",
    "can write": "can access",
    "can read replica": "can replica",
    "can read replicas": "can replicas",
    "can write to": "can access",
    "allowed to read": "allowed access",
    "allowed to write": "allowed access",
    "allowed to write to": "allowed access",
    "able to read": "able to access",
    "able to write": "able to access",
    # KMS's newer name for the document's "customer master key".
    "customer managed key": "customer master key",
    "customer managed keys": "customer master keys",
    "customermanaged key": "customer master key",
    "customermanaged keys": "customer master keys",
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
    # Everyday idioms for a service being available: the document's word.
    "an outage": "availability",
    "outages": "availability",
    "staying up": "availability",
    "stays up": "availability",
    "stay up": "availability",
    "up and running": "availability",
    # Everyday idioms for watching something: the document's word is "monitoring" ("track" is
    # already "monitor" here: shorthand is expanded before phrases are folded).
    "keep an eye on": "monitor",
    "keeps an eye on": "monitor",
    "keeping an eye on": "monitoring",
    "keep monitor of": "monitor",
    "keeps monitor of": "monitor",
    "keeping monitor of": "monitoring",
    "keep tabs on": "monitor",
    "keeping tabs on": "monitoring",
    # "server-side" is one word, not the servers ("the servers under s3").
    "server side": "serverside",
    # A security fix applied to software is a patch.
    "security fix": "security patch",
    "security fixes": "security patches",
    # A copy taken on a schedule is a backup.
    **{
        f"{when} {copy}": f"{when} backup"
        for when in ("nightly", "daily", "weekly", "hourly", "regular")
        for copy in ("copy", "copies")
    },
    # A table's stream of changes, by its other names.
    "change feed": "streams",
    "change feeds": "streams",
    "change stream": "streams",
    "change streams": "streams",
    "change data capture": "streams",
    # "self-managed postgres" is the opposite of a managed one.
    "self managed": "selfmanaged",
    # Other customers of AWS on the same hardware are the other tenants: keeping them apart
    # is the isolation AWS gives (another account's code reading ours).
    **dict.fromkeys(
        (
            "other customers",
            "other customer",
            "another customer",
            "another customers",
            "different customers",
            "other aws customers",
            "other aws customer",
            "another aws customer",
            "another aws customers",
            "other accounts",
            "other tenants",
            "another tenant",
            "noisy neighbour",
            "noisy neighbor",
            "noisy neighbours",
            "noisy neighbors",
        ),
        "tenants",
    ),
    # How long things stay in a cache is the cache's retention.
    **dict.fromkeys(
        ("stay cached", "stays cached", "stayed cached", "staying cached"), "retention cached"
    ),
    # Asking whom to talk to asks for a contact, not about traffic that talks.
    **dict.fromkeys(
        ("do i talk to", "should i talk to", "can i talk to", "do we talk to", "should we talk to"),
        "do i ask",
    ),
    # How long something sticks around is its retention.
    **dict.fromkeys(
        (
            "stick around",
            "sticks around",
            "stay around",
            "stays around",
            "kept around",
            "hang around",
            "hangs around",
        ),
        "retention",
    ),
    # "Keep up to date" is patching (the phrase must outrank "keep up", which is scaling).
    **dict.fromkeys(("keep up to date", "keeps up to date", "keeping up to date"), "patched"),
    # A service that keeps up with the load scales.
    **dict.fromkeys(("keep up", "keeps up", "keeping up"), "scales"),
    "back up": "backup",
    "backed up": "backup",
    "backs up": "backup",
    "backing up": "backup",
    "least privilege": "leastprivilege",
    # One word: "party" alone is no part of "partition".
    "third party": "thirdparty",
    "two factor": "mfa",
    "second factor": "mfa",
    # The codes of an authenticator, and signing in to the console, by other names.
    "6 digit code": "mfa token",
    "6 digit codes": "mfa tokens",
    "six digit code": "mfa token",
    "six digit codes": "mfa tokens",
    "one time code": "mfa token",
    "one time codes": "mfa tokens",
    "authenticator app": "mfa device",
    "authenticator apps": "mfa devices",
    # Microsoft's identity service is an identity provider, not the Azure cloud (an uncovered
    # product, unless federated into AWS).
    **dict.fromkeys(("azure ad", "azure active directory", "entra id"), "azuread"),
    "sign in to the console": "console login",
    "signing in to the console": "console login",
    "log in to the console": "console login",
    "login to the console": "console login",
    "console sign in": "console login",
    "2nd factor": "mfa",
    "multi factor": "mfa",
    "env vars": "environment variables",
    "at rest": "atrest",
    # "we assumed it was on": a belief, as "we thought" (an IAM role is still "assumed").
    "we assumed": "we thought",
    "i assumed": "i thought",
    "we were assuming": "we thought",
    "i was assuming": "i thought",
    "everyone assumed": "everyone thought",
    "goes down": "availability outage",
    "go down": "availability outage",
    "went down": "availability outage",
    "going down": "availability outage",
    # A service that is down, or has an outage, is not available.
    "is down": "availability outage",
    "are down": "availability outage",
    "was down": "availability outage",
    "has an outage": "availability outage",
    "had an outage": "availability outage",
    "being up": "availability",
    "access keys": "accesskey",
    "access key": "accesskey",
    "in transit": "intransit",
    # "aws vs us" contrasts the parties, not two services.
    "aws vs us": "aws or us",
    "us vs aws": "us or aws",
    "amazon vs us": "aws or us",
    "us vs amazon": "us or aws",
    "aws versus us": "aws or us",
    "them vs us": "aws or us",
    "us vs them": "us or aws",
}

# Phrases read as the knowledge's word only beside words that say what they are about, each:
# (phrase, replacement, context words, how far the context may be, in tokens, before or after).
# "Keeping the os up to date" is patching, "the documentation is up to date" is not; "how many
# days we keep backups" is a retention, "how many weeks a circuit takes" is not; an outage
# "bleeding into the next zone" is a failure of isolation, pii "bleeding into logs" is not.
_SOFTWARE = (
    "os operatingsystem kernel runtime runtimes software packages package libraries library"
    " dependencies engine image images ami amis instance instances server servers box boxes"
    " node nodes host hosts plugin plugins jdk openssl"
).split()
_KEEPING = (
    "keep keeps kept keeping retain retains retained hold holds hang hangs around store stored"
).split()
_EXPIRING = (
    "vanish vanishes disappear disappears expire expires expired expiring purge purged"
    " colder archive archived glacier tier"
).split()
_CDN = "cloudfront cf cdn distribution distributions distro edge".split()
_SIZED = (
    "volume volumes item items object objects file files disk disks storage allocated iops"
    " throughput instance record records row rows payload message messages"
).split()
_SIGNING_IN = "mfa 2fa login logins password passwords console signin factor".split()
_SECRETS = "key keys credential credentials secret secrets password passwords".split()
_ZONES = "availabilityzone availabilityzones az azs zone zones".split()
# Parts that fail as hardware, not as software ("the api server died after our deploy" is a
# software failure; a server or a host is left out).
_FAILING_HARDWARE = (
    "disk disks drive drives ssd ssds hdd rack racks psu nic nics switch switches motherboard"
    " hardware"
).split()
# Where the hardware stands: a person getting in there is physical security.
_HARDWARE_PLACES = (
    "rack racks building buildings datacenter datacenters dc dcs facility facilities site sites"
    " hall halls cage cages premises"
).split()
_COPIES = (*_ZONES, "region", "regions", "copy", "copies", "replica", "replicas")
IN_CONTEXT: tuple[tuple[str, str, frozenset[str], int | tuple[int, int]], ...] = (
    ("up to date", "patched", frozenset(_SOFTWARE), 12),
    *(
        (f"how many {u}", f"retention {u}", frozenset(_KEEPING), 8)
        for u in ("days", "weeks", "months", "years")
    ),
    # "who guards the buildings", "breaking into the site": physical security (the words stay).
    *(
        (p, f"{p} physical security", frozenset(_HARDWARE_PLACES), 6)
        for p in (
            "break into", "breaks into", "broke into", "intruder", "intruders", "guard", "guards",
            "guarding", "guarded", "fence", "fences", "cctv",
        )
    ),
    # "is the volume mirrored inside its az": replicated ("mirrored data … encrypted" is not).
    *(
        (p, f"{p} replicated", frozenset(_COPIES), 6)
        for p in ("mirror", "mirrors", "mirrored", "mirroring")
    ),
    # A copy kept within a zone is its replication (a copy to another zone, region or account
    # is the customer's copying).
    *(
        (p, f"{p} replicated", frozenset(("within", "inside", "same")), 6)
        for p in ("copy", "copies", "copied", "copying")
    ),
    # "a disk dies inside s3", "the host failed": the hardware failing, AWS's to replace.
    *(
        (p, f"{p} hardware failure", frozenset(_FAILING_HARDWARE), 6)
        for p in (
            "die", "dies", "died", "dying", "dead", "fail", "fails", "failed", "failing",
            "failure", "broke", "broken", "breaks", "fried",
        )
    ),
    # "swapping the old access keys out", "roll the keys": rotating them (replacing a disk is
    # not).
    *(
        (p, "rotation", frozenset(_SECRETS), 12)
        for p in (
            "replace", "replaces", "replaced", "replacing", "roll", "rolls", "rolled", "rolling",
            "renew", "renews", "renewed", "renewing",
        )
    ),
    # People near a login, a password or MFA ("the team has no second factor"): they are the
    # account's users (an object's versions guarded by mfa are not).
    *(
        (p, f"{p} users", frozenset(_SIGNING_IN), 8)
        for p in (
            "team", "teams", "devs", "developers", "engineers", "everyone", "everybody", "human",
            "humans", "people", "staff", "employees", "colleagues", "contractors", "admins",
        )
    ),
    # The largest or maximum of a stored thing ("the biggest file we may upload"): a size limit (the
    # largest share of the work is not).
    *(
        (p, "max size", frozenset(_SIZED), (0, 2))
        for p in ("largest", "biggest", "max", "maximum")
    ),
    # Where a CDN pulls or fetches from is its origin.
    *(
        (p, "origin", frozenset(_CDN), 12)
        for p in (
            "pull from", "pulls from", "pulling from", "pulled from", "fetch from",
            "fetches from", "fetching from", "fetched from",
        )
    ),
    # Things that vanish, expire or go to a colder tier after some time: a lifecycle
    # rule (the time it happens after names it).
    *(
        (p, f"lifecycle {p}", frozenset(_EXPIRING), 4)
        for p in ("after", "older than", "once they are")
    ),
    # How long things are kept or held: a retention (the keeping word comes after).
    ("how long", "retention", frozenset(_KEEPING), (0, 5)),
    # How long a step takes ("it takes how long?"): a duration (how long we keep logs is not,
    # nor a "takes" said before the question about keeping).
    ("how long", "turnaround", frozenset(("take", "takes", "took", "taking")), (2, 10)),
    *(
        (p, "isolation breach", frozenset(_ZONES), 8)
        for p in (
            "bleed into", "bleeds into", "bleeding into", "spill over", "spills over",
            "spilling over", "spill into", "spilling into",
        )
    ),
)  # fmt: skip

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
    "can you answer",
    "you answer",
    "this bot",
    "the bot",
    "srm",
    "how does this work",
    "how do you work",
    "what do you cover",
    "what can you",
    "what kind of stuff",
    "what kind of questions",
    "what sort of questions",
    # The service list (as `/srm list`) and a hello to check the bot is there.
    "what kinds of questions",
    "what type of questions",
    "what questions",
    "can i ask",
    "services do you",
    "do you cover",
    "do you support",
    "you cover",
    "you support",
    "covered services",
    "supported services",
    "what services",
    "which services do",
    "list",
    "list services",
    "can you hear me",
    "are you there",
    "you there",
    "services do you cover",
    "services do you know",
    "services do you support",
    "services are covered",
    "services covered",
    "anybody there",
    "anyone there",
)
# Words that say a question is about srm itself.
THE_BOT = ("bot", "srm", "you", "this thing")
# Help cues that are about srm, not a cry for help ("help! who is responsible when …").
SRM_CUES = tuple(p for p in HELP if p != "help")
# Asking how to use srm itself, whatever else the message says ("is this the right place to
# ask who owns what? what should I type?").
ABOUT_ASKING = (
    *(
        f"{how} {it}"
        for how in ("how do i use", "how to use")
        for it in ("you", "this bot", "srm", "this thing")
    ),
    "what should i type",
    "what do i type",
    "what should i ask",
    "right place to ask",
    "how do i ask",
    "how should i ask",
    "how do i phrase",
    "phrase my questions",
    "how does this bot work",
)
# "how do I ..." asks for a procedure, which the matrix does not hold.
HOWTO = (
    "how do i",
    "how do we",
    "how can i",
    "how can we",
    "how to",
    "how should i",
    "code sample",
    "code example",
    "syntax",
    "step by step",
    "walk me through",
)
# Using a tool (a command, a console click, an SDK): how-to, never who is responsible.
TOOLING = (
    "cli command",
    "aws cli",
    "via the cli",
    "via cli",
    "with the cli",
    "from the cli",
    "using the cli",
    "in the cli",
    "via the api",
    "via the console",
    "command to",
    "command for",
    "in the console",
    "where do i click",
    "which button",
    "boto3",
    "sdk call",
    "api call to",
    "terraform module",
    "cloudformation template",
)
GREETINGS = frozenset(
    """
    hi hello hey yo hiya howdy morning evening afternoon sup thanks thank thx ty cheers
    """.split()
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
    "in each",
    "in each case",
    "which one",
    "next to each other",
    "same as",
    "similar to",
    "for each of",
    "each of them",
    "in both",
    # What a move between two services changes ("from ec2 to fargate, what do we stop owning?").
    "stop having to",
    "stop being",
    "stops being",
    "no longer be",
    "no longer our",
    "no longer have to",
    "what changes",
    "what shifts",
    "shift over",
    "shifts over",
    "off our plate",
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
    "checklist",
    "good idea",
    "is it wise",
    "worth it",
    "worth turning on",
    "worth switching on",
    "worth activating",
    "worth having",
    "bad idea",
    "good habits",
    "hygiene",
    "worth enabling",
    "worth doing",
    "worth the effort",
    "better to",
    "is it better",
    "would you advise",
    "do you advise",
    "advisable",
    "preferred approach",
    "preferred way",
    "the right way to",
    "the best way to",
    "sensible",
    "guidance",
    "what do you suggest",
    "must dos",
    "mustdos",
    "mustdo",
    "to do list",
)
COMPLIANCE = (
    "compliance",
    "compliant",
    "certification",
    "certifications",
    "certified",
    "soc 2",
    "soc2",
    "sox",
    "iso",
    "pci",
    "hipaa",
    "residency",
    "sovereignty",
    "gdpr",
    "jurisdiction",
    "regulatory",
    "regulation",
    "regulations",
    "auditors",
)
# Compliance words that name who asks, not what is asked about.
COMPLIANCE_ASKERS = frozenset({"auditors"})
CATEGORY = (
    "category",
    "categories",
    "categorised",
    "categorized",
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
    "what tier",
    "which tier",
    "higher customer responsibility",
    "lower customer responsibility",
    "highest customer responsibility",
    "lowest customer responsibility",
    "most customer responsibility",
    "least customer responsibility",
    "which services fall",
    "most responsibility",
    "least responsibility",
    "more responsibility",
    "less responsibility",
    "highest responsibility",
    "lowest responsibility",
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
    "high level",
    "half of the deal",
    "in a nutshell",
    "our half",
    "aws half",
    "our side of the deal",
    "broadly",
    "broadly speaking",
    "always on the hook",
    "at a high level",
    "security in the cloud",
    "security of the cloud",
    "shared model",
    "in simple words",
    "in simple terms",
    "eli5",
    "regardless of service",
    "regardless of the service",
    "regardless of which service",
    "regardless of what service",
    "no matter where",
    "wherever it runs",
    "whichever service",
    "no matter the service",
    "no matter which service",
    "no matter what service",
    "whatever the service",
    "explain the model",
    "the model in general",
    "walk me through the model",
    "always own",
    "always responsible",
    "always stay responsible",
    "at the highest level",
    "highest level",
    "of this model",
    "this model",
    "the model",
    "key principals",
    "rule of thumb",
    "no matter what",
    # "security of the cloud vs in the cloud", said short.
    "of vs in",
    "in vs of",
    "of or in",
    "in or of",
)
# Words of an asking clause that point back to the story before it ("…: is that on us?").
POINTING_BACK = ("it", "that", "this", "them", "those", "these", "they", "ones", "one")
# "in aws, who …": the words that place a question in AWS itself.
IN_AWS = ("in", "on", "at", "within", "inside", "over at")
# Words of moving from one thing to another ("from our colo to ec2", "off heroku onto ecs").
MOVING_FROM = frozenset({"from", "off", "leave", "leaving", "ditching", "retiring", "replacing"})
# Words that tell a move is under way anywhere in the message ("lifting and shifting the vms
# out of the old hall onto ec2", "moving the app over to ec2").
MIGRATING = frozenset(
    "moving move moved migrating migrate migrated migration lift lifting shift shifting"
    " leaving retiring porting replatforming rehosting".split()
)
# ... and the words that say what such a move leaves ("out of", "off", "retiring").
LEAVING = frozenset("from off out leaving retiring retire exiting ditching".split())
# Words after a covered service that say it carries what follows ("the volumes behind our
# self-hosted database", "instances running our self-hosted tools").
CARRYING = frozenset("behind under underneath for running run runs hosting holding".split())
# Words right before where a move goes ("to azure", "onto gcp"): what a move does not leave.
DESTINATION = frozenset({"to", "onto", "into", "towards", "toward", "on", "over"})
MOVING_TO = frozenset({"to", "into", "onto", "over", "with", "on", "for"})
# Words between the items of a list ("vms, containers and functions").
LISTING = frozenset("and or plus also some a few bunch of to in".split())
# Kinds of workload, by the everyday words for them: a question that lists two kinds or more
# ("we have vms, containers and functions") asks across services, not about one.
WORKLOAD_KINDS = {
    **dict.fromkeys(("vm", "vms", "instance", "instances"), "vm"),
    **dict.fromkeys(("container", "containers", "docker"), "container"),
    **dict.fromkeys(("serverless", "function", "functions", "lambdas"), "serverless"),
    **dict.fromkeys(("db", "dbs", "database", "databases"), "database"),
    **dict.fromkeys(("bucket", "buckets"), "storage"),
}
# A question asked of every service at once: a topic, even when one service holds the duty.
ACROSS = (
    "across all",
    "across our services",
    "across services",
    "across the services",
    "across every",
    "all our services",
    "all of our services",
    "all services",
    "all the services",
    "every service",
    "each service",
    "any service",
    "any of our services",
    "under any of our",
    "everywhere",
    "across the board",
    "in general",
    "generally",
    "overall",
    "for everything",
    "no matter which service",
    "no matter what service",
    "no matter the service",
    "regardless of service",
    "regardless of the service",
    "regardless of which service",
    "regardless of what service",
    "no matter where",
    "wherever it runs",
    "whichever service",
    "whatever the service",
    "everything we run",
    "our workloads",
    "all our workloads",
    "everything we have",
    "every aws service",
    "each aws service",
    "for every aws",
    "depend on the service",
    "depends on the service",
    "depending on the service",
    "differ by service",
    "differs by service",
    "vary by service",
    "varies by service",
    "broadly speaking",
)
# Switching something on ("we never turned cloudtrail on", "is it on by default?").
TURN_VERBS = frozenset(
    "turn turns turned turning switch switches switched switching flip flips flipped".split()
)
BY_DEFAULT = ("on by default", "enabled by default", "by default")
# Asking whether a duty is divided between the parties ("all theirs, or some of it ours?").
SPLIT = (
    "both",
    "shared",
    "split",
    "entirely",
    "fully",
    "completely",
    "all on",
    "some of it",
    "part of it",
    "partly",
    "partially",
    "a mix",
    "or both",
    "all handled",
    "all done by",
    "all amazon",
    "all aws",
    "all on aws",
)
# Verbs of doing: the party that acts (switches on, sets up, picks) is the customer.
DOING = (
    "turn on",
    "turns on",
    "turned on",
    "turning on",
    "switch on",
    "switches on",
    "switched on",
    "flip on",
    "flip it on",
    "turn",
    "turning",
    "switch",
    "switching",
    "flip",
    "enable",
    "enables",
    "enabling",
    "activate",
    "activates",
    "activating",
    "opt in",
    "configure",
    "configures",
    "configuring",
    "setup",
    "pick",
    "picks",
    "choose",
    "chooses",
    "decide",
    "decides",
    "write",
    "writes",
    "take",
    "takes",
    "taking",
    "create",
    "creates",
    "creating",
    "define",
    "defines",
    "scope",
    "scopes",
    "tune",
    "tunes",
)
# Phrases with a verb of doing that do nothing ("who takes care of it").
NOT_DOING = ("take care", "takes care", "taking care", "take a look", "takes ownership")
# A service's responsibilities as a whole ("vpc responsibilities", "who handles what there"),
# not one of them: these win over the who-cues they contain.
WHOLE_SPLIT = (
    "who does what",
    "who handles what",
    "who owns what",
    "who is responsible for what",
    "whos responsible for what",
    "who takes care of what",
    "mine vs theirs",
    "ours vs theirs",
    "whats on us and whats on aws",
    "whats on aws and whats on us",
    "what is on us and what is on aws",
    "what is on aws and what is on us",
    "whats the split",
    "what is the split",
    "how is it split",
    "split of responsibilities",
    "responsibilities",
    "responsibility split",
    "responsibility matrix",
    "responsibility breakdown",
)
# Words that make an uncovered product a point of reference beside a covered one ("like
# self-hosted k8s", "macie aside"), not what is asked about.
REFERENCE_BEFORE = frozenset({"like", "unlike", "besides", "similar"})
REFERENCE_AFTER = frozenset({"aside"})
WISHING = frozenset({"would", "d", "i", "we", "you", "they", "really", "also", "to"})
# Office access words that are AWS's physical security when said of its data centres.
OFFICE_ACCESS = frozenset(
    {
        "badge",
        "badges",
        "badge reader",
        "access badge",
        "access badges",
        "door badge",
        "door badges",
    }
)
# The company's premises, and the words that connect them to AWS: "the vpn to the office" is
# VPC's, "the office firewall" is no AWS duty.
ON_SITE = frozenset(
    {"office", "offices", "hq", "headquarters", "basement", "closet", "colo"}
    | {"our datacenter", "our datacenters", "our own datacenter", "our data center"}
    | {"our own data center"}
    # ... and the company's own premises, linked to AWS or serving as an origin.
    | {"on-prem", "on prem", "on-premises", "on premises", "on-premise", "on premise"}
)
CONNECTING = frozenset(
    "vpn vpns tunnel tunnels cidr cidrs peering ip ips connect connection ssh overlap overlaps "
    "overlapping clash clashes collide collides colliding range ranges dx bgp origin "
    "origins fiber circuit circuits".split()
)
# Identity providers srm does not cover, and the words of signing in to AWS through one.
IDENTITY_PROVIDERS = frozenset({"azuread"})
FEDERATING = frozenset(
    "saml sso federation federate federated federating idp oidc identity".split()
)
# Words that say a covered service is given rights to what it reaches ("permission to send
# to the queue").
GRANTING = frozenset(
    "permission permissions role roles grant grants gives give allowed allow rights".split()
)
# Words right before a launch type that rule it out ("not fargate").
RULING_OUT = frozenset({"not", "no", "non"})
# One person's own devices ("on my mac"): personal IT.
PERSONAL_DEVICES = frozenset(
    "laptop mac macbook chromebook notebook phone iphone pc desktop ipad tablet".split()
)
# Where a covered service's hardware lives ("the buildings our instances run in"): a badge
# there is AWS's physical security.
SERVICE_PLACES = frozenset({"datacenter", "building", "buildings", "facility", "facilities"})
# Words that set an uncovered product against a covered one ("azure vs ec2").
SETTING_AGAINST = frozenset({"vs", "versus", "compared", "compare", "than", "against"})
LIKENING = frozenset({"look", "looks", "looking", "is", "be", "are", "seem", "seems", "same"})
# Words before "model" that make it the responsibility model ("the model", "this model").
MODEL_OWNERS = frozenset(
    "the this that whole shared responsibility aws amazon amazons srm overall general actual"
    " real official".split()
)
# Principle cues that also scope a duty question ("monitoring in general"): the model only when
# no duty is named.
SOFT_PRINCIPLES = frozenset(
    {
        "rule of thumb",
        "no matter what",
        "in general",
        "generally",
        "overall",
        "broadly",
        "broadly speaking",
        "big picture",
        "high level",
        "at a high level",
        "in a nutshell",
        "at the highest level",
        "highest level",
        "summary",
        "overview",
        "basics",
    }
)
# The scope words of ACROSS that say "every service" (not the soft "in general", "overall"):
# they make a question naming one service's duty a topic.
ACROSS_SERVICES = tuple(a for a in ACROSS if a not in SOFT_PRINCIPLES)
# The company's resources in general ("the iam policies for our stuff").
OUR_RESOURCES = (
    "our stuff",
    "our resources",
    "our data",
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
    "full list",
    "who does what",
    # "tell me everything about cloudtrail", "list everything that's on us" (and not "s3:* on
    # everything", "not everything", "we lose everything").
    "everything about",
    "everything that",
    "everything on us",
    "everything we do",
    "aws side vs our side",
    "our side vs",
    "both sides",
    "each side",
    "both halves",
    "each half",
    "both parts",
)
# Words about responsibility in general: never the duty asked about.
RESPONSIBILITY = (
    "shared responsibility",
    "responsibilities",
    "responsibility",
    # "cloudfront in this model": the shared responsibility model.
    "in this model",
    "in the model",
    "under this model",
    "under the model",
    "per the model",
    "according to the model",
    "by the model",
)
# The machinery under a feature: asked about, it is AWS's part of a topic both sides hold a
# part of (a standby's hardware, the HSMs of a key store), not the enabling.
# (Nouns only: "switches" and "backing" are verbs too, "behind" and "underlying" say where,
# not what, and a datacenter or a router may be the company's own.)
MACHINERY = frozenset(
    "hardware hsm hsms server servers machine machines machinery rack racks array arrays ssd"
    " ssds hdd hdds plumbing".split()
)
# Services ranked by how much each side carries, which is what the categories say.
RANKING = frozenset("most least fewest biggest smallest heaviest lightest".split())
# ... ranked by the work each side carries ("the most security risk" is no such ranking).
CARRIED_WORK = frozenset(
    "work chores plate duties duty responsibility responsibilities burden load tasks share".split()
)
SERVICES_AS_A_GROUP = frozenset(("services", "service types", "kinds of service"))
# Comparatives that weigh one service against another ("lambda or fargate: where do we carry
# more?").
COMPARATIVES = frozenset("more less fewer lighter heavier smaller bigger".split())
# Words that spread a question over the services it names ("for both", "across each").
OVER_THE_NAMED = frozenset({"across", "both", "two", "each", "either", "between", "them", "all"})
# The words that ask who holds something.
WHO_WORDS = frozenset({"who", "whose", "whos", "whom"})

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
    "on the hook",
    "whose problem",
    "ourselves",
    "on us",
    "is that us",
    "is it us",
    "do we have to",
    "do we need to",
    "we have to",
    "we need to",
    "will we",
    "wont have to",
    "supposed to",
    "meant to",
    "our problem",
    "our responsibility",
    "amazons job",
    "aws job",
    "their job",
    "their problem",
    "their side",
    "or do we",
    "or does aws",
    "or is it",
    "does amazon",
    "amazon does",
    "aws does",
    "aws handles",
    "amazon handles",
    "ours to",
    "ours not",
    "whose knob",
    "should aws",
    "should amazon",
    "aws should",
    "amazon should",
    "was aws",
    "was amazon",
    "aws going to",
    "amazon going to",
    "whose fault",
)

# Everyday English that is neither filler nor knowledge: known words, so they are never
# "corrected" into a knowledge word and never count as an unknown subject.
COMMON = frozenset(
    """
    write writes writing wrote written read reads reading run runs running ran make makes
    made making go goes going went come comes came see sees saw seen think thinks thought
    want wants wanted use used uses using work works worked working find finds found give
    gives gave call calls called try tries tried keep keeps kept start starts started stop
    stops stopped turn turns turned put puts say says said ask asks asked mean means meant
    seem seems feel feels leave leaves left bring brings brought happen happens happened fix
    fixes fixed break breaks broke broken die dies died dead fail fails failed failing
    failure failures crash crashes crashed replace replaces replaced sort sorts decide
    decides decided check checks checked itself themselves ourselves yourself yourselves
    himself herself myself new old good bad big small right wrong same other another own
    sure true false real first last next best better worst more most less least much many
    few lot lots now today tomorrow yesterday always never sometimes often usually again
    already yet time times day days week weeks month months year years way ways kind sort
    type types thing things something anything everything nothing people person company org
    organisation organization engineer engineers dev devs developer developers ops infra
    admin admins manager managers boss folks everyone machine machines box
    boxes host hosts instance stack stacks system systems problem problems issue issues
    question questions answer answers idea ideas example examples prod production staging
    test tests testing env dev environment setup behind inside outside across around between
    through during before after while since until under above below near beside beyond
    against among yes no maybe probably actually basically literally honestly seriously hmm
    hmmm huh wow oops lol ok okay cool nice great thanks please tell say explain know
    understand wonder wondering curious confused bot bots hook dump dumps dumped
    confidential etc stuff pass passes passed passing deal deals half level levels high low
    nutshell mean means meaning move moves moving moved migrate migrating migration quarter
    next plan plans planning fall falls under belong belongs bucket fit fits put ship
    shipping shipped deploy deploys deployed deploying deployment release releases build
    builds built code api apis app apps service services account accounts cluster clusters
    region zone need needs require requires required requirement requirements must mandatory
    safe unsafe risk risks risky threat threats attack attacks attacker hacker breach
    breaches incident incidents outage outages downtime alert page paged pager our team
    platform security secops devops sre engineering everything anything nothing overall
    general generally specifically exactly pay paying paid buy buying bought sell free cost
    big huge tiny quick fast slow cheap cheapest book books meeting meetings email emails
    slack channel channels thread threads buckets instances volumes volume trail trails
    function functions task tasks distribution distributions database databases correct land vm vms
    lands landed landing fault faults blame fingers pointing
    incorrect right wrong true false confirm confirmed assume assumed guess
    """.split()
)


def _english_words() -> tuple[str, ...]:
    path = Path(__file__).with_name("data") / "english_words.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(w for w in lines if w and not w.startswith("#"))


# Frequent English words (data/english_words.txt): a word of these that the knowledge does not use
# is plain English ("hear", "plate"), never a misspelling to correct nor a subject srm lacks.
# The list is most frequent first: of two words one edit from a misspelling, the commoner wins,
# whatever the interpreter's hash order.
ENGLISH_BY_FREQUENCY = _english_words()
ENGLISH = frozenset(ENGLISH_BY_FREQUENCY)

# The words of the rules for uncovered products and their parts, the side asked, advice cues and
# a thing kept up.

# Words of a product's parts that end like a verb ("eks managed node group ami").
PART_ADJECTIVES = frozenset(("managed", "hosted", "provisioned"))
# The parts of a product that a covered service's word can name.
PRODUCT_PARTS = frozenset(
    "ami amis image images role roles volume volumes permissions policy policies".split()
)
# Little words that link two things rather than name a part ("logs of glue in s3").
LINKING_WORDS = frozenset(
    "of at by from vs versus than like then so but is are was were be wait actually sorry"
    " mean".split()
)
# Words that say whose a thing is, not who does something ("our bill", "my laptop").
OWNING = frozenset(("our", "my", "your"))
# Advice cues that beside "who" only say why it is asked or what is hoped for ("launch
# checklist: who …", "who writes them, does aws ship sensible ones?").
LIST_CUES = frozenset(("checklist", "to do list", "must dos", "mustdos", "sensible", "hygiene"))
# The words that ask a statement be confirmed ("us, right", "aws, no?").
CONFIRMING = frozenset(("right", "correct", "yes", "yeah", "yep", "no", "surely", "innit"))
# "Keep <a thing> up" is kept available; these verbs have an "up" of their own.
KEEPING_UP = frozenset(("keep", "keeps", "keeping", "kept"))
NOT_UP = frozenset(("to", "with"))
# Verbs whose "up" is their own ("how long they're kept, do we set that up").
UP_VERBS = frozenset(
    "set sets setting spin spins spun sign signs clean cleans back backs open opens pick picks"
    " wire wires wiring hook hooks hooking line lines tidy scale scales".split()
)
