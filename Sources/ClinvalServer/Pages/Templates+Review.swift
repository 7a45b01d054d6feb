extension Templates {
    /// A run's review queue: counts per category (each a filter), the filters, one page of entries.
    static let queue = """
        {{> head}}
        <h1>Review queue of run <a href="/runs/{{path}}">{{runID}}</a></h1>
        <p>Misses first, most dangerous first, then a random sample of {{sampled}} of the {{hits}} hits ({{sampleRule}}). Each vignette is listed once, under the first category that applies; results are judged against the labels as the banks give them.</p>
        <table class="counts">
        <thead><tr><th>category</th><th>vignettes</th><th>not yet adjudicated</th></tr></thead>
        <tbody>
        {{#categories}}<tr><td><a href="/runs/{{path}}/queue?category={{value}}">{{title}}</a></td><td>{{count}}</td><td>{{open}}</td></tr>
        {{/categories}}
        </tbody>
        </table>
        <form method="get" action="/runs/{{path}}/queue" class="filters">
        <label>Category <select name="category"><option value="">all categories</option>{{#categoryOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/categoryOptions}}</select></label>
        <label>Bank <select name="bank"><option value="">all banks</option>{{#bankOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/bankOptions}}</select></label>
        <label>State <select name="state">{{#stateOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/stateOptions}}</select></label>
        <button type="submit">Filter</button>
        </form>
        <p>{{shownWords}}</p>
        {{#hasEntries}}
        <table class="queue">
        <thead><tr><th>category</th><th>vignette</th><th>why</th><th>adjudication</th></tr></thead>
        <tbody>
        {{#entries}}<tr><td>{{category}}</td><td><a href="/runs/{{path}}/vignettes/{{bankPath}}/{{vignettePath}}">{{bank}}/{{vignette}}</a>{{#mustPass}} <span class="tag">must pass</span>{{/mustPass}}</td><td>{{reason}}</td><td>{{state}}</td></tr>
        {{/entries}}
        </tbody>
        </table>
        {{/hasEntries}}
        <nav class="pages">{{#previous}}<a href="{{previous}}">Previous page</a> {{/previous}}Page {{page}} of {{pages}}{{#next}} <a href="{{next}}">Next page</a>{{/next}}</nav>
        {{> foot}}
        """

    /// A vignette's result: what was reported, the labels beside the answer, the adjudications
    /// and the adjudication form.
    static let vignette = """
        {{> head}}
        <h1>Vignette {{bank}}/{{vignette}}</h1>
        <p>Run <a href="/runs/{{path}}">{{runID}}</a> · <a href="/runs/{{path}}/queue">review queue</a>{{#category}} · listed under {{category}}{{/category}}{{#mustPass}} · <span class="tag">must pass</span>{{/mustPass}}</p>
        <p class="reason">{{reason}}</p>
        <h2>What was reported</h2>
        <dl class="facts">
        <dt>Patient</dt><dd>{{age}} years, {{sex}}</dd>
        {{#summary}}<dt>Summary</dt><dd>{{summary}}</dd>{{/summary}}
        <dt>Present</dt><dd>{{#present}}<span class="finding">{{label}} <code>{{code}}</code></span> {{/present}}{{^present}}none{{/present}}</dd>
        <dt>Absent</dt><dd>{{#absent}}<span class="finding">{{label}} <code>{{code}}</code></span> {{/absent}}{{^absent}}none{{/absent}}</dd>
        {{#tags}}<dt>Tags</dt><dd>{{tags}}</dd>{{/tags}}
        </dl>
        <h2>The doctors' labels and the model's answer</h2>
        <table class="side-by-side">
        <thead><tr><th></th><th>doctors' labels</th><th>model's answer</th></tr></thead>
        <tbody>
        <tr><th>diagnosis</th><td>{{goldDiagnosis}}{{#alsoCorrect}}<br>also correct: {{alsoCorrect}}{{/alsoCorrect}}{{#goldDifferential}}<br>acceptable differential: {{goldDifferential}}{{/goldDifferential}}</td><td>{{#answered}}<ol class="differential">{{#differential}}<li class="{{#correct}}correct{{/correct}}">{{name}} <code>{{code}}</code> {{probability}}</li>{{/differential}}</ol>{{/answered}}{{^answered}}no answer: {{status}}{{#error}} ({{error}}){{/error}}{{/answered}}</td></tr>
        <tr><th>triage</th><td>{{goldTriage}}</td><td>{{modelTriage}}</td></tr>
        </tbody>
        </table>
        <h2>Adjudications</h2>
        {{#hasAdjudications}}<table class="adjudications">
        <thead><tr><th>#</th><th>when (UTC)</th><th>reviewer</th><th>conclusion</th><th>corrected diagnosis</th><th>also correct</th><th>corrected triage</th><th>comment</th><th>standing</th></tr></thead>
        <tbody>
        {{#adjudications}}<tr class="{{standingClass}}"><td>{{id}}</td><td>{{createdAt}}</td><td>{{reviewer}}</td><td>{{conclusion}}</td><td>{{diagnosis}}</td><td>{{alsoCorrect}}</td><td>{{triage}}</td><td>{{comment}}</td><td>{{standing}}</td></tr>
        {{/adjudications}}
        </tbody>
        </table>{{/hasAdjudications}}
        {{^hasAdjudications}}<p>Not adjudicated yet.</p>{{/hasAdjudications}}
        <h2>Adjudicate</h2>
        {{#formError}}<p class="error" role="alert">{{formError}}</p>{{/formError}}
        <form method="post" action="/runs/{{path}}/vignettes/{{bankPath}}/{{vignettePath}}/adjudicate" class="review">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="latest" value="{{latest}}">
        <label>Conclusion <select name="conclusion" required>{{#conclusions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/conclusions}}</select></label>
        <label>Corrected diagnosis (label error) <input name="diagnosis" value="{{form.diagnosis}}" placeholder="condition code"></label>
        <label>Also correct (codes, separated by spaces or commas) <input name="also_correct" value="{{form.alsoCorrect}}"></label>
        <label>Corrected triage (label error) <input name="triage" value="{{form.triage}}" placeholder="urgent, or routine..urgent"></label>
        <label>Comment <input name="comment" value="{{form.comment}}" maxlength="2000"></label>
        <button type="submit">Record the adjudication as {{user.name}}</button>
        </form>
        <p class="note">Triage levels, least urgent first: {{levels}}. A label error corrects the labels; the run is scored with the correction once it is decided again with adjudicated labels (<code>clinval gate --run {{runID}} --labels adjudicated</code>).</p>
        {{> foot}}
        """

    /// The run page's review forms: waive a failed criterion (approvers) and sign the decision.
    static let runForms = """
        {{#decided}}
        <h2>Review this decision</h2>
        {{#formError}}<p class="error" role="alert">{{formError}}</p>{{/formError}}
        {{^signingRole}}<p>Your account has no signing role, so it cannot sign or waive; an admin gives one with <code>clinval users add --signing-role</code>.</p>{{/signingRole}}
        {{#signingRole}}
        {{#canWaive}}{{#hasFailed}}
        <form method="post" action="/runs/{{path}}/waive" class="review">
        <h3>Waive a failed criterion</h3>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="decision" value="{{decisionDigest}}">
        <label>Criterion <select name="criterion">{{#failed}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{id}}</option>{{/failed}}</select></label>
        <label>Reason the risk is acceptable <input name="reason" required value="{{waiveForm.reason}}" maxlength="2000"></label>
        <label>Expires (last day, UTC) <input name="expires" type="date" required value="{{waiveForm.expires}}"></label>
        <label>Hazard log reference <input name="hazard" value="{{waiveForm.hazard}}" maxlength="200"></label>
        <button type="submit">Waive as {{signingRole}}</button>
        </form>
        {{/hasFailed}}{{/canWaive}}
        <form method="post" action="/runs/{{path}}/sign" class="review">
        <h3>Sign</h3>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="decision" value="{{decisionDigest}}">
        <label>Meaning <select name="meaning"><option value="reviewed">reviewed</option>{{#canApprove}}<option value="approved">approved</option>{{/canApprove}}</select></label>
        <label>Comment <input name="comment" value="{{signForm.comment}}" maxlength="2000"></label>
        <button type="submit">Sign as {{signingRole}}</button>
        </form>
        {{/signingRole}}
        <p><a href="/runs/{{path}}/queue">The review queue</a></p>
        {{/decided}}
        """
}
