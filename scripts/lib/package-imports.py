#!/usr/bin/env python3
"""Checks that Package.swift declares what each target imports, and nothing else.

Reads `swift package dump-package` (JSON on stdin) and every target's sources. Prints one line
per difference and exits 1 if there is any. Executable targets a test target depends on without
importing them are allowed: the test runs them as processes, so they must be built first.
"""
import json
import os
import re
import sys

# Modules of the toolchain and the system, never declared.
SYSTEM = {"Glibc", "Foundation", "FoundationEssentials", "Testing", "XCTest", "Dispatch", "Synchronization",
          "_Concurrency", "PackageDescription", "Musl", "Darwin", "os"}
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_exported\s+|@preconcurrency\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?://.*)?$", re.M)


def main() -> int:
    package = json.load(sys.stdin)
    root = os.getcwd()
    targets = {t["name"]: t for t in package["targets"]}
    problems = []
    for name, target in sorted(targets.items()):
        if target["type"] == "system":
            continue
        path = target.get("path") or os.path.join("Tests" if target["type"] == "test" else "Sources", name)
        imported = set()
        for directory, _, files in os.walk(os.path.join(root, path)):
            for file in files:
                if file.endswith(".swift"):
                    with open(os.path.join(directory, file), encoding="utf-8") as handle:
                        # Multi-line string literals may hold other languages' imports (Python).
                        text = re.sub(r'"""(.|\n)*?"""', "", handle.read())
                        imported |= set(IMPORT.findall(text))
        imported -= SYSTEM
        imported.discard(name)
        declared = {}
        for dependency in target.get("dependencies", []):
            for kind, value in dependency.items():
                if kind in ("byName", "target"):
                    declared[value[0]] = value[0]
                elif kind == "product":
                    declared[value[0]] = value[0]
        for module in sorted(imported - set(declared)):
            problems.append(f"{name}: imports {module} but does not declare it")
        for module in sorted(set(declared) - imported):
            if target["type"] == "test" and targets.get(module, {}).get("type") == "executable":
                continue
            problems.append(f"{name}: declares {module} but never imports it")
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
