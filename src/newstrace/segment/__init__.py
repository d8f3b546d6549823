"""Segment clean text into sentences and tokens with character offsets."""
from .sentences import join_short, split_sentences
from .tokens import Token, tokenize, stem_words, is_content

__all__ = ["split_sentences", "join_short", "tokenize", "stem_words", "is_content", "Token"]
