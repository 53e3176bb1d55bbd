"""What the core access matrices need to walk the challenge pages and API against center B."""

PAGE_PK_PREFIXES = [("challenges-", "challenge_b")]
PAGE_OBJECT_FOR = {
    "challenge_owner": "challenge_owner_b",
    "challenge_comment": "challenge_comment_b",
    "challenge_attachment": "challenge_attachment_b",
    "challenge_venture": "venture_b",
}
API_OBJECT_FOR = {
    "challenge_id": "challenge_b",
    "challenge_owner_id": "challenge_owner_b",
    "challenge_comment_id": "challenge_comment_b",
    "challenge_attachment_id": "challenge_attachment_b",
}


def objects_b(center_b, objects: dict) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from markaz.challenges.factories import ChallengeFactory
    from markaz.challenges.models import Attachment, ChallengeOwner, ChallengeVenture, Comment
    from markaz.challenges.tests.fixtures import PDF

    challenge = ChallengeFactory(center=center_b, title_en="Baobab private challenge")
    owner = ChallengeOwner.objects.create(challenge=challenge, organization=objects["org_b"])
    comment = Comment.objects.create(challenge=challenge, body="Private thought of B")
    attachment = Attachment.objects.create(
        challenge=challenge,
        name="b.pdf",
        file=SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
    )
    ChallengeVenture.objects.create(challenge=challenge, venture=objects["venture_b"])
    return {
        "challenge_b": challenge,
        "challenge_owner_b": owner,
        "challenge_comment_b": comment,
        "challenge_attachment_b": attachment,
    }


def api_body(operation: str, objects: dict) -> dict:
    body = {"body": "Planted", "note": "Planted"}
    if operation == "transition_challenge":
        body["status"] = "open"
    if operation in ("add_challenge_owner", "update_challenge_owner"):
        body["role"] = "co_funder"
    return body


def state_of_b(center_b) -> dict:
    from markaz.challenges.models import Challenge

    rows = Challenge.objects.filter(center=center_b)
    return {
        "challenges": list(rows.values_list("pk", "title_en", "status", "visibility")),
        "challenge_owners": list(rows.values_list("owners__pk", "owners__role")),
        "challenge_comments": list(rows.values_list("comments__pk", "comments__body")),
        "challenge_attachments": list(rows.values_list("attachments__pk")),
        "challenge_ventures": list(rows.values_list("venture_links__pk")),
    }
