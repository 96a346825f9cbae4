#!/usr/bin/env python3
"""Writes the JSON schema of one version of a CustomResourceDefinition, the way the API server checks it.

    extract-crd-schema.py CRD.yaml VERSION OUT.json

The CRD's openAPIV3Schema, with apiVersion and kind pinned to this group, version and kind, and made strict: an
object schema that lists its properties and says nothing of others gets additionalProperties: false, unless it
keeps unknown fields (x-kubernetes-preserve-unknown-fields). The API server drops or, under kubectl's default
strict field validation, refuses fields a CRD does not list; the plain schema would let a typo such as
`replica:` pass. A keyword whose value is null (openshift/api's Route CRD has `anyOf: null`) is dropped: the API
server reads it as absent, a JSON-schema validator refuses it. CEL rules (x-kubernetes-validations) stay in the file but no JSON-schema validator runs them.
Needs python3 and PyYAML (Debian: python3-yaml).
"""
import json
import sys

import yaml


def strict(node):
    if isinstance(node, dict):
        for key in [k for k, v in node.items() if v is None]:
            del node[key]
        if node.get("type") == "object" and "properties" in node \
                and "additionalProperties" not in node \
                and not node.get("x-kubernetes-preserve-unknown-fields", False):
            node["additionalProperties"] = False
        for value in node.values():
            strict(value)
    elif isinstance(node, list):
        for value in node:
            strict(value)


def main(crd_path, version, out_path):
    with open(crd_path) as f:
        crd = yaml.safe_load(f)
    spec = crd["spec"]
    [served] = [v for v in spec["versions"] if v["name"] == version]
    schema = served["schema"]["openAPIV3Schema"]
    group_version = spec["group"] + "/" + version
    schema["properties"]["apiVersion"]["enum"] = [group_version]
    schema["properties"]["kind"]["enum"] = [spec["names"]["kind"]]
    schema.setdefault("required", [])
    for key in ("apiVersion", "kind", "metadata"):
        if key not in schema["required"]:
            schema["required"].append(key)
    strict(schema)
    schema["$schema"] = "http://json-schema.org/draft-04/schema#"
    schema["title"] = spec["names"]["kind"] + " " + group_version
    with open(out_path, "w") as f:
        json.dump(schema, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
