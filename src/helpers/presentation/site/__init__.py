"""The rendered site: notebooks executed and rendered to offline HTML, a front page, the README's generated parts."""
