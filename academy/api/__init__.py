"""The JSON API, version 1. Same access rules as the pages; errors are JSON too."""
