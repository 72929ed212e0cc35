"""Stargate by the Numbers: data, parameters, chapter models, and the build of the book."""
