/// The escalation page's only script: posts the chosen answer to the resolve API with the bearer token,
/// reports the outcome (or the refusal's message and JSON path) in `#result`, an `aria-live` region, and
/// reloads after a success so the page shows the resolution. No build step, no external code.
enum PageScript {
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

          // "name=value, …" as EscalationDesk reads --override: the value is JSON when it parses (numbers, true), else text.
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
}
