/* Starts reveal.js and runs the activity timers of a handbook deck.
 *
 * A timer slide holds <div class="deck-timer" data-seconds="N"> (and data-phases, the
 * phases of one round, counted down one after the other). On that slide
 * T (or the Start button) starts and pauses the countdown, R (or Reset) sets it
 * back to the activity's minutes. The time is computed from Date.now(), so a
 * pause in the browser's timers does not slow the clock. No network, no
 * inline script: the page runs under the site's Content-Security-Policy.
 */
(function () {
  "use strict";

  function format(seconds) {
    var minutes = Math.floor(seconds / 60), rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function Timer(element) {
    this.element = element;
    // Phases (data-phases: [["Read the cards", 2], ["Call", 5], ...]) run one after the other;
    // without them the timer is one phase of data-seconds.
    var phases = JSON.parse(element.getAttribute("data-phases") || "[]");
    this.phases = phases.length ? phases.map(function (p) { return { label: p[0], ms: p[1] * 60000 }; })
      : [{ label: "", ms: parseInt(element.getAttribute("data-seconds"), 10) * 1000 }];
    this.total = this.phases.reduce(function (sum, p) { return sum + p.ms; }, 0);
    this.remaining = this.total;
    this.endsAt = null;
    this.clock = element.querySelector(".deck-timer-clock");
    this.phaseLabel = element.querySelector(".deck-timer-phase");
    this.toggleButton = element.querySelector(".deck-timer-toggle");
    var timer = this;
    if (this.toggleButton) {
      this.toggleButton.addEventListener("click", function () { timer.toggle(); });
    }
    var reset = element.querySelector(".deck-timer-reset");
    if (reset) {
      reset.addEventListener("click", function () { timer.reset(); });
    }
    this.render();
  }

  Timer.prototype.running = function () { return this.endsAt !== null; };

  Timer.prototype.stop = function () {
    this.endsAt = null;
    if (this.interval) { clearInterval(this.interval); this.interval = null; }
  };

  Timer.prototype.tick = function () {
    if (!this.running()) { return; }
    this.remaining = Math.max(0, this.endsAt - Date.now());
    if (this.remaining === 0) { this.stop(); }
    this.render();
  };

  Timer.prototype.toggle = function () {
    if (this.running()) {
      this.tick();
      this.stop();
    } else if (this.remaining > 0) {
      var timer = this;
      this.endsAt = Date.now() + this.remaining;
      // Ticks counted from the start, so the display changes on whole seconds.
      this.interval = setInterval(function () { timer.tick(); }, 250);
    }
    this.render();
  };

  Timer.prototype.reset = function () {
    this.stop();
    this.remaining = this.total;
    this.render();
  };

  Timer.prototype.phase = function () {
    // The phase now running and the time left in it.
    var elapsed = this.total - this.remaining, end = 0;
    for (var i = 0; i < this.phases.length; i += 1) {
      end += this.phases[i].ms;
      if (elapsed < end) { return { index: i, left: end - elapsed }; }
    }
    return { index: this.phases.length - 1, left: 0 };
  };

  Timer.prototype.render = function () {
    var now = this.phase();
    var seconds = Math.ceil(now.left / 1000);
    this.clock.textContent = format(seconds);
    if (this.phaseLabel) {
      this.phaseLabel.textContent = this.remaining === 0 ? "Time's up" : this.phases[now.index].label;
    }
    this.element.setAttribute("data-phase", String(now.index + 1));
    this.element.classList.toggle("running", this.running());
    this.element.classList.toggle("done", this.remaining === 0);
    this.element.setAttribute("data-state", this.remaining === 0 ? "done" : (this.running() ? "running" : "paused"));
    if (this.toggleButton) {
      this.toggleButton.textContent = this.running() ? "Pause" : "Start";
    }
  };

  document.querySelectorAll(".deck-timer").forEach(function (element) {
    element.deckTimer = new Timer(element);
  });

  function current() {
    var slide = Reveal.getCurrentSlide();
    var element = slide && slide.querySelector(".deck-timer");
    return element ? element.deckTimer : null;
  }

  // In the speaker view, the deck runs again inside a frame ("receiver"): T and R pressed
  // there also drive the projected deck's timer, through the window that opened the view.
  var receiver = /[?&]receiver/.test(location.search);

  function act(action) {
    var timer = current();
    if (timer) { timer[action](); }
    if (receiver && window.parent && window.parent.opener) {
      window.parent.opener.postMessage(JSON.stringify({ namespace: "handbook-deck", action: action }), "*");
    }
  }

  window.addEventListener("message", function (event) {
    var data;
    try { data = JSON.parse(event.data); } catch (error) { return; }
    if (data && data.namespace === "handbook-deck" && (data.action === "toggle" || data.action === "reset")) {
      var timer = current();
      if (timer) { timer[data.action](); }
    }
  });

  Reveal.initialize({
    hash: true,
    width: 1280,
    height: 720,
    margin: 0.04,
    center: false,
    controls: true,
    progress: true,
    slideNumber: "c/t",
    transition: "none",
    pdfMaxPagesPerSlide: 1,
    pdfSeparateFragments: false,
    plugins: [RevealNotes]
  }).then(function () {
    Reveal.addKeyBinding({ keyCode: 84, key: "T", description: "Start or pause the timer" }, function () {
      act("toggle");
    });
    Reveal.addKeyBinding({ keyCode: 82, key: "R", description: "Reset the timer" }, function () {
      act("reset");
    });
    document.documentElement.setAttribute("data-deck-ready", "true");
  });
}());
