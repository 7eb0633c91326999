/* billwatch scorecard card, script embed.
 *
 *   <div data-billwatch-scorecard="student-privacy/H12-marrowby"></div>
 *   <script src="https://SITE/embed/scorecards/student-privacy/H12-marrowby.js" async></script>
 *
 * Options: ?theme=dark and ?compact=1 on the script URL, or data-theme="dark" and
 * data-compact="1" on the placeholder.  Without a placeholder the card goes just before the
 * script.  The card lives in a shadow root and is built from DOM nodes with textContent: no
 * markup is ever parsed.  The same card as the iframe's (templates/scorecard_embed.html).
 *
 * /embed/scorecards/TOPIC/ID.js serves this function expression followed by
 * (DATA, document.currentScript).
 */
(function (data, script) {
  "use strict";
  var doc = document;

  function el(tag, className, text) {
    var node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // A relative address (a site served without a public URL) belongs to the site that served
  // this script, not to the page embedding it.
  var base = (script && script.src) || doc.baseURI;

  function httpUrl(value) {
    try {
      var url = new URL(String(value), base);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(className, text, address) {
    var href = httpUrl(address);
    var node = el(href ? "a" : "span", className, text);
    if (href) {
      node.href = href;
      node.target = "_blank";
      node.rel = "noopener";
    }
    return node;
  }

  var params = {};
  try {
    new URL(script.src).searchParams.forEach(function (value, key) {
      params[key] = value;
    });
  } catch (e) {
    /* no script URL (inlined): defaults */
  }

  function option(host, name) {
    var value = host.getAttribute("data-" + name);
    return value === null ? params[name] : value;
  }

  function scoreText(s) {
    if (s.score === null) return "No counted vote in " + s.session;
    var counted = s.with_group + s.against_group;
    return "Votes with the group " + s.with_group + " of " + counted + " in " + s.session;
  }

  function card(theme, compact) {
    var latest = data.latest;
    var root = el("article", "bw-card bw-sc bw-" + theme + " bw-" + data.tone + (compact ? " bw-compact" : ""));
    root.setAttribute("lang", "en");
    root.setAttribute("aria-label", "Scorecard of " + data.title + " " + data.name + ": " + data.topic_title);

    var head = el("div", "bw-head");
    head.appendChild(link("bw-num", data.title + " " + data.name, data.member_url));
    head.appendChild(el("span", "bw-session", data.who));
    if (data.sample) head.appendChild(el("span", "bw-sample", data.sample_label));
    root.appendChild(head);

    if (!compact) root.appendChild(el("p", "bw-title", data.topic_title));

    var line = el("p", "bw-score");
    line.appendChild(el("span", "bw-score-num", latest.score === null ? "—" : latest.score + "%"));
    line.appendChild(el("span", "bw-score-text", scoreText(latest)));
    root.appendChild(line);

    if (!compact) {
      var notes = [];
      if (latest.absent) notes.push("absent " + latest.absent);
      if (latest.not_voting) notes.push("not voting " + latest.not_voting);
      var onRoll = latest.with_group + latest.against_group + latest.absent + latest.not_voting;
      if (onRoll < latest.roll_calls) notes.push("on " + onRoll + " of " + latest.roll_calls + " counted roll calls (part of the session)");
      if (notes.length) root.appendChild(el("p", "bw-last", notes.join(" · ")));
      var list = el("ul", "bw-votes");
      for (var i = 0; i < latest.votes.length; i++) {
        var v = latest.votes[i];
        var item = el("li", "bw-" + v.counted);
        item.appendChild(link("bw-vote-bill", v.bill_id, v.url));
        item.appendChild(el("span", "bw-vote-what", v.number + " · " + v.position_label));
        item.appendChild(el("span", "bw-vote-cast", v.cast_label));
        list.appendChild(item);
      }
      root.appendChild(list);
      var earlier = [];
      for (var j = 1; j < data.sessions.length; j++) {
        var s = data.sessions[j];
        earlier.push(s.session + ": " + (s.score === null ? "no counted vote" : s.score + "% (" + s.with_group + " of " + (s.with_group + s.against_group) + ")"));
      }
      if (earlier.length) root.appendChild(el("p", "bw-earlier", earlier.join(" · ")));
    }

    var foot = el("p", "bw-foot");
    foot.appendChild(link("bw-more", compact ? "Scorecard" : "Full scorecard", data.url));
    var brand = "billwatch" + (data.updated_label ? " · updated " + data.updated_label : "");
    foot.appendChild(el("span", "bw-brand", brand));
    root.appendChild(foot);
    return root;
  }

  function render(host) {
    var theme = option(host, "theme") === "dark" ? "dark" : "light";
    var compact = ["1", "true", "yes"].indexOf(String(option(host, "compact"))) >= 0;
    host.setAttribute("data-billwatch-done", "");
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var style = el("style");
    style.textContent = data.css;
    root.appendChild(style);
    root.appendChild(card(theme, compact));
  }

  function placeholders() {
    var all = doc.querySelectorAll("[data-billwatch-scorecard]");
    var mine = [];
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-billwatch-scorecard") === data.key) mine.push(all[i]);
    }
    return mine;
  }

  function run() {
    var mine = placeholders();
    if (!mine.length && script && script.parentNode) {
      var spot = el("div");
      spot.setAttribute("data-billwatch-scorecard", data.key);
      script.parentNode.insertBefore(spot, script);
      mine.push(spot);
    }
    for (var j = 0; j < mine.length; j++) {
      if (!mine[j].hasAttribute("data-billwatch-done") && !mine[j].shadowRoot) render(mine[j]);
    }
  }

  if (doc.readyState === "loading" && !placeholders().length) {
    doc.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})
