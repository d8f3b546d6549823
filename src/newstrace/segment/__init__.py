"""Segment clean text into sentences and tokens with character offsets."""
from .sentences import split_sentences
from .tokens import Token, tokenize, stem_words, is_content

__all__ = ["split_sentences", "tokenize", "stem_words", "is_content", "Token"]
