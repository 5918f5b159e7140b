"""What keeps the bot answering: the serving knowledge and its reloads, state, rate
limits, the answering process."""
