"""The API's OpenAPI schema as a plain page, rendered by Venster: no script, no CDN."""

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings

SCHEMA_SETTINGS = {"SCHEMA_PATH_PREFIX": "/api/v1"}
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Field:
    name: str
    type: str
    description: str = ""
    required: bool = False
    where: str = ""


@dataclass
class Operation:
    method: str
    path: str
    description: str
    parameters: list[Field]
    response: str


@dataclass
class Component:
    name: str
    description: str
    properties: list[Field] = field(default_factory=list)


def _type(schema: dict) -> str:
    """A short name for a schema's type: ``string``, ``array of Story``, ``Story``."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "allOf" in schema:
        return " & ".join(_type(part) for part in schema["allOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    if schema.get("enum"):
        kind = f"{kind}: {' | '.join(str(value) for value in schema['enum'])}"
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    if schema.get("nullable"):
        kind = f"{kind} or null"
    return kind


def schema_readable(schema: dict) -> tuple[list[Operation], list[Component]]:
    """The schema's operations and components, flattened for a template."""
    operations = []
    for path, item in sorted(schema.get("paths", {}).items()):
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            content = operation.get("responses", {}).get("200", {}).get("content", {})
            response = next(iter(content.values()), {}).get("schema", {})
            operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    description=operation.get("description", ""),
                    parameters=[
                        Field(
                            name=parameter["name"],
                            type=_type(parameter.get("schema", {})),
                            description=parameter.get("description", ""),
                            required=parameter.get("required", False),
                            where=parameter.get("in", ""),
                        )
                        for parameter in operation.get("parameters", [])
                    ],
                    response=_type(response) if response else "",
                )
            )
    components = []
    for name, component in sorted(
        schema.get("components", {}).get("schemas", {}).items()
    ):
        required = set(component.get("required", []))
        components.append(
            Component(
                name=name,
                description=component.get("description", ""),
                properties=[
                    Field(
                        name=prop,
                        type=_type(value),
                        description=value.get("description", ""),
                        required=prop in required,
                    )
                    for prop, value in component.get("properties", {}).items()
                ],
            )
        )
    return operations, components


def api_docs(request: HttpRequest) -> HttpResponse:
    """The researchers' API described from its own OpenAPI schema, readable as is."""
    with patched_settings(SCHEMA_SETTINGS):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    operations, components = schema_readable(schema)
    return TemplateResponse(
        request,
        "search/api_docs.html",
        {
            "info": schema.get("info", {}),
            "operations": operations,
            "components": components,
        },
    )
