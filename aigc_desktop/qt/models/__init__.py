"""Qt item models over plain numpy data (model/view: nothing is decoded before a view asks)."""
