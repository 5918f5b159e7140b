"""Whom a message is for and what it is about: a group message that mentions the bot (in
any case) or replies to it, the message without the mention, and the article a message
links or replies to a link of."""

from __future__ import annotations

import re

from telegram import Message, MessageEntity
from telegram.ext import filters

from bot.engine.knowledge import KnowledgeIndex


class AddressedToBot(filters.MessageFilter):
    """A group message that mentions this bot or replies to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.id == bot.id:
            return True
        username = (bot.username or "").lower()
        if not username:
            return False
        mentions = message.parse_entities([MessageEntity.MENTION]).values()
        return any(m.lower() == f"@{username}" for m in mentions)


def strip_mention(text: str, username: str | None) -> str:
    """The message without the mention of this bot, in whatever case it was typed
    (usernames are case-insensitive, as `AddressedToBot` reads them)."""
    if username:
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def linked_article(message: Message, index: KnowledgeIndex) -> str | None:
    """The URL of the article of the knowledge that the question links ("<link>
    ใครเป็นประธาน", a link under its words too), or else that the message it replies to
    links: one of the bot's answers or new-article notifications, or a link someone
    shared in the group. The question is about that article, whoever asked before:
    "ใครเป็นประธาน" in reply to a notification is about its meeting. None when the
    message links several articles of the knowledge."""
    for linked in (message, message.reply_to_message):
        if linked is None:
            continue
        kinds: list[str | None] = [MessageEntity.TEXT_LINK, MessageEntity.URL]
        entities = {**linked.parse_entities(kinds), **linked.parse_caption_entities(kinds)}
        known = {
            article.url
            for entity, text in entities.items()
            if (article := index.article_linked(entity.url or text)) is not None
        }
        if known:
            return known.pop() if len(known) == 1 else None
    return None
