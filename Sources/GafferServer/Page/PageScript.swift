/// The escalation page's only script: posts the chosen answer to the resolve API with the bearer token,
/// reports the outcome (or the refusal's message and JSON path) in `#result`, an `aria-live` region, and
/// reloads after a success so the page shows the resolution. No build step, no external code.
enum PageScript {
    /// "name=value, …" as `gaffer … --override` reads it: the value is JSON when it parses (numbers, true), else text.
    /// Shared by the escalation page and the job page.
    static let overridesParser = #"""
          const parseOverrides = (text) => {
            const parsed = {};
            for (const raw of text.split(",")) {
              const pair = raw.trim();
              if (pair === "") continue;
              const equals = pair.indexOf("=");
              if (equals <= 0) throw new Error("override \"" + pair + "\": expected name=value, e.g. pose_weight=0.95");
              const value = pair.slice(equals + 1).trim();
              try { parsed[pair.slice(0, equals).trim()] = JSON.parse(value); } catch (e) { parsed[pair.slice(0, equals).trim()] = value; }
            }
            return parsed;
          };
        """#

    static let resolve = #"""
        (() => {
          "use strict";
          const form = document.getElementById("answer");
          if (!form) return;
          const field = (id) => document.getElementById(id);
          const token = field("token"), by = field("by"), note = field("note"), overrides = field("overrides"), result = field("result");
          const buttons = Array.from(form.querySelectorAll("button[data-action]"));
          const remembered = (key) => { try { return localStorage.getItem(key) || ""; } catch (e) { return ""; } };
          const remember = (key, value) => { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } };
          token.value = remembered("gaffer.token");
          by.value = remembered("gaffer.by");
          const show = (message, ok) => { result.textContent = message; result.className = ok ? "ok" : "error"; };

          \#(overridesParser)

          const answer = async (action) => {
            const body = { action: action };
            try { body.overrides = parseOverrides(overrides.value); } catch (error) { show(error.message, false); overrides.focus(); return; }
            if (note.value.trim() !== "") body.note = note.value.trim();
            if (by.value.trim() !== "") body.by = by.value.trim();
            if (token.value === "") { show("Enter the token first: every answer needs it.", false); token.focus(); return; }
            remember("gaffer.token", token.value);
            remember("gaffer.by", by.value.trim());
            buttons.forEach((button) => { button.disabled = true; });
            show("Sending " + action + "…", true);
            try {
              const response = await fetch(form.dataset.resolveUrl, {
                method: "POST",
                headers: { "Authorization": "Bearer " + token.value, "Content-Type": "application/json" },
                body: JSON.stringify(body),
              });
              const reply = await response.json().catch(() => ({}));
              if (response.ok) {
                show("Answered " + action + ": job " + reply.job.job_id + " is now " + reply.job.state + ". Reloading…", true);
                setTimeout(() => location.reload(), 1200);
                return;
              }
              const where = typeof reply.path === "string" ? " (at " + (reply.path === "" ? "the body" : reply.path) + ")" : "";
              show("Refused, HTTP " + response.status + ": " + (reply.error || response.statusText) + where, false);
            } catch (error) {
              show("Could not reach the server: " + error.message, false);
            }
            buttons.forEach((button) => { button.disabled = false; });
          };

          buttons.forEach((button) => button.addEventListener("click", () => answer(button.dataset.action)));
          form.addEventListener("submit", (event) => event.preventDefault());
        })();
        """#

    /// The job page's script: each verb button posts to `POST /api/jobs/{id}/{verb}` with the fields it takes,
    /// shows the outcome or the refusal in `#verb-result`, and reloads after a success.
    static let verbs = #"""
        (() => {
          "use strict";
          const form = document.getElementById("verbs");
          if (!form) return;
          const field = (id) => document.getElementById(id);
          const token = field("verb-token"), note = field("verb-note"), stage = field("verb-stage"), attempt = field("verb-attempt");
          const gate = field("verb-gate"), overrides = field("verb-overrides"), result = field("verb-result");
          const buttons = Array.from(form.querySelectorAll("button[data-verb]"));
          try { token.value = localStorage.getItem("gaffer.token") || ""; } catch (e) { /* private mode */ }
          const show = (message, ok) => { result.textContent = message; result.className = ok ? "ok" : "error"; };
          \#(overridesParser)
          const send = async (button) => {
            const verb = button.dataset.verb;
            const body = {};
            if (note.value.trim() !== "") body.note = note.value.trim();
            if (verb === "retry" || verb === "reset-budget") { if (stage.value) body.stage = stage.value; }
            if (verb === "pick") body.attempt_id = attempt.value;
            if (verb === "waive") body.gate_id = gate.value;
            if (button.dataset.abort === "true") body.abort = true;
            if (button.dataset.now === "true") body.now = true;
            if (verb === "retry" || (verb === "reject" && !body.abort)) {
              try { body.overrides = parseOverrides(overrides.value); } catch (error) { show(error.message, false); overrides.focus(); return; }
            }
            if (token.value === "") { show("Enter the token first: every action needs it.", false); token.focus(); return; }
            try { localStorage.setItem("gaffer.token", token.value); } catch (e) { /* private mode */ }
            buttons.forEach((b) => { b.disabled = true; });
            show("Sending " + verb + "…", true);
            try {
              const response = await fetch(form.dataset.verbUrl + "/" + verb, {
                method: "POST",
                headers: { "Authorization": "Bearer " + token.value, "Content-Type": "application/json" },
                body: JSON.stringify(body),
              });
              const reply = await response.json().catch(() => ({}));
              if (response.ok) {
                show(reply.message + " — the job is " + reply.job.state + ". Reloading…", true);
                setTimeout(() => location.reload(), 1000);
                return;
              }
              const where = typeof reply.path === "string" ? " (at " + reply.path + ")" : "";
              show("Refused, HTTP " + response.status + ": " + (reply.error || response.statusText) + where, false);
            } catch (error) {
              show("Could not reach the server: " + error.message, false);
            }
            buttons.forEach((b) => { b.disabled = false; });
          };
          buttons.forEach((button) => button.addEventListener("click", () => send(button)));
          form.addEventListener("submit", (event) => event.preventDefault());
        })();
        """#

    /// The queue's keyboard: `j`/`k` (or the arrow keys) move the selection through the rows, Enter opens the row.
    static let queueKeys = #"""
        (() => {
          "use strict";
          const rows = Array.from(document.querySelectorAll("#queue tbody tr[data-href]"));
          if (rows.length === 0) return;
          let at = -1;
          const select = (index) => {
            if (at >= 0) rows[at].classList.remove("selected");
            at = Math.max(0, Math.min(rows.length - 1, index));
            rows[at].classList.add("selected");
            rows[at].querySelector("a").focus();
          };
          document.addEventListener("keydown", (event) => {
            if (event.target.closest && event.target.closest("input, select, textarea")) return;
            if (event.key === "j" || event.key === "ArrowDown") { select(at + 1); event.preventDefault(); }
            else if (event.key === "k" || event.key === "ArrowUp") { select(at - 1); event.preventDefault(); }
            else if (event.key === "Enter" && at >= 0) { location.href = rows[at].dataset.href; }
          });
        })();
        """#

    /// The escalation page's clip: places each span's mark on the timeline once the clip's length is known, and
    /// makes the marks and the rows' `.seek` buttons jump the player to the span.
    static let timeline = #"""
        (() => {
          "use strict";
          const clip = document.getElementById("clip");
          if (!clip) return;
          const seek = (start) => { clip.currentTime = Number(start); clip.play().catch(() => {}); };
          const place = () => {
            const length = clip.duration;
            if (!isFinite(length) || length <= 0) return;
            document.querySelectorAll("#timeline rect.seg").forEach((mark) => {
              const start = Number(mark.dataset.start), end = Number(mark.dataset.end);
              mark.setAttribute("x", String(Math.max(0, Math.min(1000, start / length * 1000))));
              mark.setAttribute("width", String(Math.max(4, (end - start) / length * 1000)));
              mark.addEventListener("click", () => seek(start));
            });
          };
          clip.addEventListener("loadedmetadata", place);
          if (clip.readyState >= 1) place();
          document.querySelectorAll("button.seek").forEach((button) => button.addEventListener("click", () => seek(button.dataset.start)));
        })();
        """#
}
