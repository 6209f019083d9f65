"""fic2audio: fan fiction in, chaptered audiobook out."""

__version__ = "0.1.0"
