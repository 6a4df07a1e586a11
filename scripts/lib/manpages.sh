# Man page functions for scripts/*. Source it after common.sh (for die); do not run it.
# shellcheck shell=bash
#
# The pages of pulse, lvsd, fos, lvsctl and lvsweb are generated from their argument parsers by
# swift-argument-parser's generate-manual (NAME, SYNOPSIS, DESCRIPTION with the options), with
# man/supplements/NAME.8 appended (signals, files, exit status, examples, see also). The pages of
# the programs that parse their own command line (nanny, send_arp, lvsadm) and lvs.cf.5 are
# written by hand in man/.

# The programs whose pages generate-manual writes.
MAN_GENERATED_PROGRAMS=(pulse lvsd fos lvsctl lvsweb)
# Those of them without subcommands: swift-argument-parser still describes a `help` subcommand for
# them, which generate-manual would print as "pulse subcommand" and a `help` entry.
MAN_WITHOUT_SUBCOMMANDS=" pulse lvsd fos "
# The hand-written pages, relative to the repository root.
MAN_HANDWRITTEN_PAGES=(man/lvs.cf.5 man/nanny.8 man/send_arp.8 man/lvsadm.8)

# build_man_pages GENERATE_MANUAL BIN_DIR OUT_DIR DATE: writes every page of the suite into OUT_DIR
# (made if missing), dated DATE (yyyy-mm-dd). For each generated program: runs GENERATE_MANUAL on
# BIN_DIR/NAME, drops the generated EXIT STATUS section (its `.Sh "EXIT STATUS"` and `.Ex -std`
# lines), writes the NAME line's description as mdoc does (no capital, no final period), puts each
# sentence of a text line on a line of its own (mandoc: "new sentence, new
# line"), and appends man/supplements/NAME.8. Then copies the hand-written pages with their `.Dd`
# set to DATE. Run from the repository root.
build_man_pages() {
    [ $# -eq 4 ] || die "build_man_pages: expected GENERATE_MANUAL BIN_DIR OUT_DIR DATE, got $# arguments"
    local generate_manual=$1 bin_dir=$2 out_dir=$3 date=$4
    local mdoc_date name page supplement tmp generated
    [ -x "$generate_manual" ] || die "build_man_pages: $generate_manual: not an executable generate-manual"
    [[ "$date" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || die "build_man_pages: date '$date' is not yyyy-mm-dd"
    mdoc_date=$(LC_ALL=C date -d "$date" '+%B %-d, %Y' 2>/dev/null) \
        || die "build_man_pages: date '$date' is not a valid date"
    mkdir -p "$out_dir" || die "build_man_pages: cannot create $out_dir"

    for name in "${MAN_GENERATED_PROGRAMS[@]}"; do
        supplement=man/supplements/$name.8
        page=$out_dir/$name.8
        [ -x "$bin_dir/$name" ] || die "man page of $name: $bin_dir/$name: no such program"
        [ -r "$supplement" ] || die "man page of $name: $supplement: missing"
        tmp=$(mktemp -d -t lvsrouter-man.XXXXXX) || die "man page of $name: mktemp failed"
        if ! "$generate_manual" "$bin_dir/$name" --section 8 --date "$date" -o "$tmp" >"$tmp/log" 2>&1; then
            cat "$tmp/log" >&2
            rm -rf "$tmp"
            die "man page of $name: $generate_manual $bin_dir/$name failed (output above)"
        fi
        generated=$tmp/$name.8
        if [ ! -s "$generated" ]; then
            rm -rf "$tmp"
            die "man page of $name: $generate_manual wrote no $name.8"
        fi
        if ! grep -qx '\.Sh "EXIT STATUS"' "$generated" || ! grep -qx '\.Ex -std' "$generated"; then
            rm -rf "$tmp"
            die "man page of $name: the generated page has no '.Sh \"EXIT STATUS\"' and '.Ex -std' lines to replace"
        fi
        local no_subcommands=()
        if [[ "$MAN_WITHOUT_SUBCOMMANDS" == *" $name "* ]]; then
            no_subcommands=(-e '/^\.Ar subcommand$/d' -e '/^\.It Em help$/,/^\.El$/d')
        fi
        # The NAME line as mdoc writes it: the abstract without its capital and final period.
        # Text lines only: a line starting with "." is a macro (or a comment) and stays whole.
        if ! {
            sed -e '/^\.Sh "EXIT STATUS"$/d' -e '/^\.Ex -std$/d' "${no_subcommands[@]}" \
                -e '/^\.Nd "/{s/^\.Nd "\(.\)/.Nd "\l\1/;s/\."$/"/}' \
                -e '/^\./!s/\([.?!]\) \([[:upper:][:digit:]]\)/\1\n\2/g' "$generated" \
                && cat "$supplement"
        } >"$page"; then
            rm -rf "$tmp"
            die "man page of $name: cannot write $page"
        fi
        rm -rf "$tmp"
    done

    for page in "${MAN_HANDWRITTEN_PAGES[@]}"; do
        [ -r "$page" ] || die "man page $page: missing"
        grep -q '^\.Dd ' "$page" || die "man page $page: no .Dd line"
        sed "s/^\.Dd .*/.Dd $mdoc_date/" "$page" >"$out_dir/${page##*/}" \
            || die "man page $page: cannot write $out_dir/${page##*/}"
    done
}

# lint_man_pages DIR: runs `mandoc -T lint -W warning` and `groff -ww -mandoc -z` on every page in
# DIR (NAME.1 to NAME.9; not in subdirectories, so man/supplements is left out) and prints what
# they say on standard output. Returns 1 if either said anything about any page, or if DIR holds no
# page; 0 otherwise.
lint_man_pages() {
    [ $# -eq 1 ] || die "lint_man_pages: expected DIR, got $# arguments"
    local dir=$1 page output status=0 found=0
    for page in "$dir"/*.[1-9]; do
        [ -f "$page" ] || continue
        found=1
        output=$(mandoc -T lint -W warning "$page" 2>&1) || true
        if [ -n "$output" ]; then
            printf '%s\n' "$output"
            status=1
        fi
        output=$(groff -ww -mandoc -z "$page" 2>&1) || true
        if [ -n "$output" ]; then
            printf 'groff -ww -mandoc -z %s:\n%s\n' "$page" "$output"
            status=1
        fi
    done
    if [ "$found" -eq 0 ]; then
        printf 'lint_man_pages: no man pages in %s\n' "$dir"
        return 1
    fi
    return "$status"
}
