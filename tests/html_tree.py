"""A page's elements as a small tree, to read what it says where (stdlib only)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"source", "track", "wbr"}


@dataclass
class Element:
    """One element: its tag, attributes, children and the text inside it."""

    tag: str
    attrs: dict[str, str]
    children: list["Element"] = field(default_factory=list)
    parts: list["str | Element"] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All text inside, as one line with single spaces."""
        pieces = [p if isinstance(p, str) else p.text for p in self.parts]
        return " ".join(" ".join(pieces).split())

    def iter(self, *tags: str):
        """This element and every element below it, optionally only of ``tags``."""
        if not tags or self.tag in tags:
            yield self
        for child in self.children:
            yield from child.iter(*tags)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        self.stack[-1].parts.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].parts.append(data)


def html_tree(html: str) -> Element:
    """The page as a tree of :class:`Element`."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root
