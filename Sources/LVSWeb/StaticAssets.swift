/// lvsweb's stylesheet and its one script, compiled in (nothing to install, nothing to go
/// missing), served under `/static/` to logged-in sessions only.
public enum StaticAssets {
    /// `/static/live.js`: every 2 seconds fetches the monitoring fragment and swaps it in, so the
    /// page stays current without reloading; a lost session sends the browser to the login page.
    /// (Actions are confirmed by a page of the server's, so they work without the script too.)
    public static let liveScript = """
        "use strict";
        (function () {
          var live = document.getElementById("live");
          var stamp = document.getElementById("updated");
          function refresh() {
            fetch("/monitor/live", { credentials: "same-origin", cache: "no-store" }).then(function (response) {
              if (response.status === 401) { window.location = "/login"; return null; }
              return response.ok ? response.text() : null;
            }).then(function (html) {
              if (html === null || html === undefined) { return; }
              live.innerHTML = html;
              live.dataset.updated = String(Date.now());
              if (stamp) { stamp.textContent = "updated " + new Date().toLocaleTimeString(); }
            }).catch(function () {
              if (stamp) { stamp.textContent = "lvsweb does not answer"; }
            });
          }
          if (live) { window.setInterval(refresh, 2000); }
        })();
        """

    /// `/static/style.css`.
    public static let styleSheet = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1d2430; background: #f6f7f9; }
        header { display: flex; gap: 1.5em; align-items: center; padding: .6em 1.2em; background: #24324a; color: #fff; }
        header nav a { color: #cfd8e8; margin-right: 1em; text-decoration: none; }
        header nav a.current { color: #fff; border-bottom: 2px solid #f0b429; }
        .brand { font-weight: 600; }
        .user { margin-left: auto; }
        main { padding: 1em 1.5em; }
        h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
        table { border-collapse: collapse; background: #fff; margin: .5em 0; }
        th, td { border: 1px solid #d5dae3; padding: .3em .6em; text-align: left; font-size: .92em; }
        tr.service th { background: #e9edf3; }
        tr.child td:first-child { padding-left: 2em; }
        .state-active, .health-up { color: #137333; font-weight: 600; }
        .state-dead, .health-down { color: #b3261e; font-weight: 600; }
        .state-inactive, .health-unknown { color: #6b7280; }
        td.check { max-width: 32em; font-size: .85em; }
        .warning { background: #fff4ce; border: 1px solid #f0b429; padding: .5em; }
        .error, li.error { color: #b3261e; }
        li.warning { color: #8a5a00; }
        .notice { background: #e6f4ea; border: 1px solid #137333; padding: .5em; }
        form.inline { display: inline; }
        button { padding: .3em .8em; cursor: pointer; }
        button.link { background: none; border: none; color: #cfd8e8; text-decoration: underline; }
        button.small { font-size: .8em; padding: .1em .5em; }
        .actions { margin: 1em 0; display: flex; gap: .6em; }
        fieldset { background: #fff; border: 1px solid #d5dae3; margin-bottom: 1em; }
        .field { margin: .5em 0; }
        .field label { display: inline-block; min-width: 22em; }
        .field input { width: 22em; font-family: ui-monospace, monospace; }
        .field small { display: block; color: #6b7280; margin-left: 22em; }
        .field.invalid input { border: 2px solid #b3261e; background: #fdecea; }
        .problems { margin: .2em 0 .2em 22em; padding-left: 1em; }
        pre.file { background: #fff; border: 1px solid #d5dae3; padding: .6em; overflow: auto; max-height: 40em; }
        .facts { color: #374151; }
        """
}
