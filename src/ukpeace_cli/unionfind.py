"""Disjoint sets over 0..n-1 (union-find with path halving), shared by the grouping code."""

from __future__ import annotations


class DisjointSet:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, keep: int, other: int) -> None:
        """Join `other`'s set into `keep`'s: the root of `keep` stays the root."""
        self.parent[self.find(other)] = self.find(keep)
