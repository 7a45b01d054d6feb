/// The pages' Mustache templates, compiled into the binary: the server reads no file but the
/// database. Every value is written with double braces, which escape `&`, `<`, `>`, `"` and `'`;
/// no template uses triple braces (`ReviewPagesTests` checks).
enum Templates {
    /// Every template by name: the pages' own, then each group's (one `Templates+X.swift` each).
    static let all: [String: String] = [
        "head": head, "foot": foot, "signin": signIn, "runs": runs, "run": run, "error": error,
        // Templates+Review.swift
        "queue": queue, "vignette": vignette, "runForms": runForms,
    ]

    static let head = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · clinval review</title>
        <link rel="stylesheet" href="/style.css">
        </head>
        <body>
        <header>
        <a class="home" href="/">clinval review</a>
        {{#user}}
        <span class="user">{{name}} · {{permission}}{{#signingRole}} · {{signingRole}}{{/signingRole}}</span>
        <form method="post" action="/signout"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Sign out</button></form>
        {{/user}}
        </header>
        <main>

        """

    static let foot = """
        </main>
        </body>
        </html>

        """

    static let signIn = """
        {{> head}}
        <h1>Sign in</h1>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/signin" class="signin">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label>Name <input name="name" autocomplete="username" required value="{{name}}"></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
        </form>
        {{> foot}}
        """

    static let runs = """
        {{> head}}
        <h1>Runs</h1>
        <form method="get" action="/" class="filters">
        <label>Model <select name="model"><option value="">all models</option>{{#models}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/models}}</select></label>
        <label>Verdict <select name="verdict">{{#verdicts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/verdicts}}</select></label>
        <button type="submit">Filter</button>
        </form>
        {{#hasRuns}}
        <table class="runs">
        <thead><tr><th>run</th><th>model</th><th>version</th><th>verdict</th><th>status</th><th>started (UTC)</th><th>banks</th></tr></thead>
        <tbody>
        {{#runs}}<tr class="{{verdictClass}}"><td><a href="/runs/{{path}}">{{runID}}</a></td><td>{{model}}</td><td>{{version}}</td><td>{{verdict}}</td><td>{{status}}</td><td>{{started}}</td><td>{{casebanks}}</td></tr>
        {{/runs}}
        </tbody>
        </table>
        {{/hasRuns}}
        {{^hasRuns}}<p>No runs match.</p>{{/hasRuns}}
        {{> foot}}
        """

    static let run = """
        {{> head}}
        <h1>Run {{runID}}</h1>
        <p class="verdict {{verdictClass}}">{{verdictWords}}</p>
        <dl class="facts">
        <dt>Model</dt><dd>{{model}} {{modelVersion}} <code>{{modelSHA256}}</code></dd>
        <dt>Banks</dt><dd>{{#casebanks}}<p class="bank">{{id}} {{version}}: {{title}} (source: {{source}})</p>{{/casebanks}}</dd>
        <dt>Status</dt><dd>{{status}}</dd>
        <dt>Started (UTC)</dt><dd>{{started}}</dd>
        {{#finished}}<dt>Finished (UTC)</dt><dd>{{finished}}</dd>{{/finished}}
        {{#policy}}<dt>Policy</dt><dd>{{policy}}</dd>{{/policy}}
        {{#baseline}}<dt>Baseline run</dt><dd><a href="/runs/{{baselinePath}}">{{baseline}}</a></dd>{{/baseline}}
        </dl>
        {{#decided}}
        <h2>Criteria</h2>
        <table class="criteria">
        <thead><tr><th>criterion</th><th>severity</th><th>outcome</th><th>what it found</th></tr></thead>
        <tbody>
        {{#criteria}}<tr class="{{outcome}}"><td>{{id}}</td><td>{{severity}}</td><td>{{outcome}}</td><td>{{message}}{{#reason}} ({{reason}}){{/reason}}</td></tr>
        {{/criteria}}
        </tbody>
        </table>
        <h2>Review</h2>
        <dl class="facts">
        <dt>Labels</dt><dd>{{labels}}</dd>
        <dt>Decision digest</dt><dd><code>{{decisionSHA256}}</code></dd>
        <dt>Audit head</dt><dd><code>{{auditHead}}</code></dd>
        </dl>
        <h3>Waivers</h3>
        {{#hasWaivers}}<table class="waivers">
        <thead><tr><th>criterion</th><th>approver</th><th>role</th><th>reason</th><th>hazard</th><th>expires</th><th>state</th></tr></thead>
        <tbody>
        {{#waivers}}<tr><td>{{criterion}}</td><td>{{approver}}</td><td>{{role}}</td><td>{{reason}}</td><td>{{hazard}}</td><td>{{expires}}</td><td>{{state}}</td></tr>
        {{/waivers}}
        </tbody>
        </table>{{/hasWaivers}}
        {{^hasWaivers}}<p>No waivers.</p>{{/hasWaivers}}
        <h3>Signatures</h3>
        {{#hasSignatures}}<table class="signatures">
        <thead><tr><th>name</th><th>role</th><th>meaning</th><th>signed (UTC)</th><th>state</th><th>comment</th></tr></thead>
        <tbody>
        {{#signatures}}<tr class="{{state}}"><td>{{name}}</td><td>{{role}}</td><td>{{meaning}}</td><td>{{signedAt}}</td><td>{{state}}</td><td>{{comment}}</td></tr>
        {{/signatures}}
        </tbody>
        </table>{{/hasSignatures}}
        {{^hasSignatures}}<p>No signatures yet.</p>{{/hasSignatures}}
        <p><a href="/runs/{{path}}/report.html">The full report</a></p>
        {{/decided}}
        {{> runForms}}
        {{^decided}}<p>{{undecided}}</p>{{/decided}}
        {{> foot}}
        """

    static let error = """
        {{> head}}
        <h1>{{title}}</h1>
        <p>{{message}}</p>
        <p><a href="/">The runs</a></p>
        {{> foot}}
        """

    /// The one stylesheet, served at `/style.css` (the pages' CSP allows styles from the server only).
    static let stylesheet = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fff; }
        header { display: flex; gap: 1rem; align-items: center; padding: .5rem 1rem; background: #24344d; color: #fff; }
        header a.home { color: #fff; font-weight: bold; text-decoration: none; }
        header .user { margin-left: auto; }
        header form { display: inline; }
        main { padding: 1rem; max-width: 72rem; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; }
        th, td { border: 1px solid #c8ccd2; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        th { background: #eef1f5; }
        code { font-size: .85em; word-break: break-all; }
        .verdict { font-size: 1.25rem; font-weight: bold; }
        .verdict.pass { color: #116329; }
        .verdict.fail { color: #a40e26; }
        tr.failed td:nth-child(3) { color: #a40e26; font-weight: bold; }
        tr.waived td:nth-child(3) { color: #8a5a00; font-weight: bold; }
        tr.superseded { color: #6b6b6b; }
        .error { color: #a40e26; font-weight: bold; }
        form.signin label, form.filters label { display: block; margin: .5rem 0; }
        form.filters label { display: inline-block; margin-right: 1rem; }
        dl.facts { display: grid; grid-template-columns: max-content auto; gap: .25rem 1rem; }
        dl.facts dt { font-weight: bold; }
        dl.facts dd { margin: 0; }
        /* review queue, vignette and review forms */
        form.review label { display: block; margin: .5rem 0; }
        form.review input:not([type=hidden]), form.review select { min-width: 20rem; }
        table.side-by-side th { width: 8rem; }
        table.side-by-side td { width: 26rem; }
        table.side-by-side code { word-break: normal; }
        li.correct { font-weight: bold; }
        .tag { font-size: .8em; border: 1px solid #8a5a00; color: #8a5a00; padding: 0 .25rem; }
        .finding { display: inline-block; margin-right: .75rem; }
        tr.other td { color: #6b6b6b; }
        nav.pages { margin: 1rem 0; }

        """
}
