"""Publishing through the blog's git repository, with the user's own ``git`` (no Qt here).

``runner`` runs git; ``status`` gives each post's state and the branch; ``history`` a post's diff,
commits and past versions; ``publish`` commits exactly one post and its images and pushes;
``sync`` fetches, rebases or merges, and pushes, stopping on a conflict with both texts.
"""

from blogdesk.core.git.runner import GitError, Repo, find_repo
from blogdesk.core.git.status import Branch, PostState, RepoStatus, read_status

__all__ = ["Branch", "GitError", "PostState", "Repo", "RepoStatus", "find_repo", "read_status"]
