"""The reading half: bytes or text → document → grid → cells → rows → tables → checked Report."""
