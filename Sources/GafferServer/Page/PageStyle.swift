/// The pages' CSS: system font, readable width, visible focus, a grid for the two contact sheets.
enum PageStyle {
    static let css = """
        :root { color-scheme: light dark; --accent: #1a5fb4; --bad: #c01c28; --warn: #b56b00; --ok: #26a269; --line: #8886; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; line-height: 1.45; }
        .wrap { max-width: 70rem; margin: 0 auto; padding: 0 1.25rem; }
        main.wrap { padding-bottom: 3rem; }
        header.top { border-bottom: 1px solid var(--line); padding: .5rem 0; }
        header.top .brand { margin: .25rem 0; font-weight: 600; }
        header.top .brand span { font-weight: normal; opacity: .75; }
        header.top nav a { margin-right: .75rem; }
        dl.counts { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin: .5rem 0 0; font-size: .9rem; }
        dl.counts div { display: flex; gap: .35rem; }
        dl.counts dt { opacity: .75; } dl.counts dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
        a { color: var(--accent); }
        @media (prefers-color-scheme: dark) { :root { --accent: #78aeed; --bad: #ff7b72; --warn: #e3b341; --ok: #57e389; } }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
        caption { text-align: left; font-weight: 600; padding: .25rem 0; }
        th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .table-scroll { overflow-x: auto; }
        .status-HARD_FAIL, .severity-CRITICAL, .severity-HIGH { color: var(--bad); font-weight: 600; }
        .status-SOFT_FAIL, .status-UNKNOWN { color: var(--warn); font-weight: 600; }
        .status-PASS { color: var(--ok); }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: .5rem 0 1rem; }
        dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .sheets { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr)); gap: 1rem; }
        figure { margin: 0; } figcaption { font-size: .9rem; margin-top: .3rem; }
        img { max-width: 100%; height: auto; border: 1px solid var(--line); display: block; }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        form.answer { display: grid; gap: .6rem; }
        .answer-fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr)); gap: .4rem 1rem; }
        .answer-fields textarea { min-height: 2.4rem; resize: vertical; }
        form.answer .field { display: grid; gap: .2rem; }
        form.answer label { font-weight: 600; }
        .hint { font-size: .85rem; opacity: .8; }
        input, textarea, button { font: inherit; }
        input, textarea { padding: .4rem .5rem; border: 1px solid var(--line); border-radius: .25rem; width: 100%; }
        .answers { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: .5rem .75rem; }
        .answers div { display: grid; gap: .2rem; align-content: start; }
        button { padding: .5rem 1rem; border-radius: .3rem; border: 2px solid var(--accent); background: transparent; color: var(--accent); font-weight: 600; cursor: pointer; }
        button:disabled { opacity: .5; cursor: progress; }
        button.answer-ABORT { border-color: var(--bad); color: var(--bad); }
        #result { min-height: 1.5rem; font-weight: 600; }
        #result.error { color: var(--bad); } #result.ok { color: var(--ok); }
        .badge { display: inline-block; padding: .05rem .45rem; border-radius: .25rem; border: 1px solid currentColor; font-size: .85rem; vertical-align: middle; }
        .resolution { border-left: 4px solid var(--ok); padding: .25rem .75rem; }
        .muted { opacity: .75; }
        form.verbs { display: grid; gap: .6rem; }
        .verb-buttons { display: flex; flex-wrap: wrap; gap: .5rem; }
        .verb-fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .5rem; }
        .verb-fields .field { display: grid; gap: .15rem; } .verb-fields label { font-weight: 600; font-size: .9rem; }
        select { font: inherit; padding: .35rem; width: 100%; }
        button.verb-cancel { border-color: var(--bad); color: var(--bad); }
        #verb-result { min-height: 1.5rem; font-weight: 600; } #verb-result.error { color: var(--bad); } #verb-result.ok { color: var(--ok); }
        img.thumb { max-width: 14rem; }
        video { max-width: 100%; max-height: 22rem; display: block; }
        pre#log-tail { overflow-x: auto; padding: .5rem; border: 1px solid var(--line); font-size: .85rem; }
        .filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin: .5rem 0; }
        .filters label { display: grid; gap: .1rem; font-size: .9rem; font-weight: 600; }
        .filters select, .filters input { width: auto; }
        tr.selected { outline: 2px solid var(--accent); }
        svg.timeline { width: 100%; height: 14px; display: block; margin: .25rem 0; }
        svg.timeline .track { fill: var(--line); } svg.timeline .seg { cursor: pointer; }
        .seg-black { fill: #222; background: #222; } .seg-freeze { fill: var(--warn); background: var(--warn); } .seg-silence { fill: var(--accent); background: var(--accent); }
        .legend .key { display: inline-block; padding: 0 .4rem; color: #fff; border-radius: .2rem; font-size: .8rem; }
        button.seek { padding: .1rem .4rem; font-size: .8rem; margin-left: .4rem; }
        .skip { position: absolute; left: -999rem; }
        .skip:focus { left: 1rem; top: .5rem; background: Canvas; color: CanvasText; padding: .25rem .5rem; z-index: 1; }
        """
}
