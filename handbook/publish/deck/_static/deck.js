/* Starts reveal.js and runs the activity timers of a handbook deck.
 *
 * A timer slide holds <div class="deck-timer" data-seconds="N"> (and data-phases, the
 * phases of one round, counted down one after the other). On that slide
 * T (or the Start button) starts and pauses the countdown, R (or Reset) sets it
 * back to the activity's minutes, + and - give the phase now running a minute more
 * or less, M turns the sound off or on. A phase change (and 0:00) flashes the timer
 * and beeps; after 0:00 the clock counts the overtime (+0:05). The time is computed from Date.now(), so a
 * pause in the browser's timers does not slow the clock. No network, no
 * inline script: the page runs under the site's Content-Security-Policy.
 */
(function () {
  "use strict";

  function format(seconds) {
    var minutes = Math.floor(seconds / 60), rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // Sound at a phase change, on unless M turns it off (one setting for the whole deck).
  var sound = { on: true, context: null };

  function beep() {
    if (!sound.on) { return false; }
    try {
      var Context = window.AudioContext || window.webkitAudioContext;
      sound.context = sound.context || new Context();
      var tone = sound.context.createOscillator(), gain = sound.context.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.2;
      tone.connect(gain);
      gain.connect(sound.context.destination);
      tone.start();
      tone.stop(sound.context.currentTime + 0.4);
    } catch (error) { /* no audio device: the flash still shows */ }
    return true;
  }

  function Timer(element) {
    this.element = element;
    // Phases (data-phases: [["Read the cards", 2], ["Call", 5], ...]) run one after the other;
    // without them the timer is one phase of data-seconds.
    var phases = JSON.parse(element.getAttribute("data-phases") || "[]");
    this.planned = phases.length ? phases.map(function (p) { return { label: p[0], ms: p[1] * 60000 }; })
      : [{ label: "", ms: parseInt(element.getAttribute("data-seconds"), 10) * 1000 }];
    this.clock = element.querySelector(".deck-timer-clock");
    this.phaseLabel = element.querySelector(".deck-timer-phase");
    this.toggleButton = element.querySelector(".deck-timer-toggle");
    this.signals = 0;
    this.beeps = 0;
    var timer = this;
    if (this.toggleButton) {
      this.toggleButton.addEventListener("click", function () { timer.toggle(); });
    }
    var reset = element.querySelector(".deck-timer-reset");
    if (reset) {
      reset.addEventListener("click", function () { timer.reset(); });
    }
    this.reset();
  }

  Timer.prototype.running = function () { return this.endsAt !== null; };

  Timer.prototype.stop = function () {
    this.endsAt = null;
    if (this.interval) { clearInterval(this.interval); this.interval = null; }
  };

  Timer.prototype.tick = function () {
    if (this.running()) {
      // Past 0:00 the clock keeps running: remaining goes below zero and counts the overtime.
      this.remaining = this.endsAt - Date.now();
    }
    var index = this.remaining <= 0 ? this.phases.length : this.phase().index;
    if (index !== this.shown) {
      if (this.running() && index > this.shown) { this.signal(); }
      this.shown = index;
    }
    this.render();
  };

  Timer.prototype.signal = function () {
    // A phase change (or 0:00): the timer flashes for two seconds, and beeps when the sound is on.
    var element = this.element;
    this.signals += 1;
    if (beep()) { this.beeps += 1; }
    element.classList.add("flash");
    clearTimeout(this.flashing);
    this.flashing = setTimeout(function () { element.classList.remove("flash"); }, 2000);
  };

  Timer.prototype.toggle = function () {
    if (this.running()) {
      this.tick();
      this.stop();
    } else {
      var timer = this;
      this.endsAt = Date.now() + this.remaining;
      this.interval = setInterval(function () { timer.tick(); }, 250);
    }
    this.render();
  };

  Timer.prototype.reset = function () {
    this.stop();
    this.phases = this.planned.map(function (p) { return { label: p.label, ms: p.ms }; });
    this.total = this.phases.reduce(function (sum, p) { return sum + p.ms; }, 0);
    this.shown = 0;
    this.remaining = this.total;
    this.render();
  };

  Timer.prototype.adjust = function (ms) {
    // + and -: a minute more or less for the phase now running (never less than what is already gone).
    if (this.remaining <= 0 && ms < 0) { return; }
    var now = this.remaining <= 0 ? { index: this.phases.length - 1, left: 0 } : this.phase();
    var change = Math.max(ms, -now.left);
    this.phases[now.index].ms += change;
    this.total += change;
    this.remaining += change;
    if (this.running()) { this.endsAt += change; }
    this.tick();
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
    var done = this.remaining <= 0;
    var now = this.phase();
    if (done) {
      var over = Math.floor(-this.remaining / 1000);
      this.clock.textContent = over > 0 ? "+" + format(over) : "0:00";
    } else {
      this.clock.textContent = format(Math.ceil(now.left / 1000));
    }
    if (this.phaseLabel) {
      this.phaseLabel.textContent = done ? "Time's up" : this.phases[now.index].label;
    }
    this.element.setAttribute("data-phase", String(now.index + 1));
    this.element.setAttribute("data-minutes", String(Math.round(this.total / 60000)));
    this.element.setAttribute("data-signals", String(this.signals));
    this.element.setAttribute("data-beeps", String(this.beeps));
    this.element.setAttribute("data-sound", sound.on ? "on" : "off");
    this.element.classList.toggle("running", this.running());
    this.element.classList.toggle("done", done);
    this.element.setAttribute("data-state", done ? "done" : (this.running() ? "running" : "paused"));
    if (this.toggleButton) {
      this.toggleButton.textContent = this.running() ? "Pause" : "Start";
    }
    var help = this.element.querySelector(".deck-timer-sound");
    if (help) { help.textContent = sound.on ? "sound on" : "sound off"; }
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

  var ACTIONS = {
    toggle: function (timer) { timer.toggle(); },
    reset: function (timer) { timer.reset(); },
    longer: function (timer) { timer.adjust(60000); },
    shorter: function (timer) { timer.adjust(-60000); },
    sound: function (timer) { sound.on = !sound.on; timer.render(); }
  };

  function act(action) {
    var timer = current();
    if (timer) { ACTIONS[action](timer); }
    if (receiver && window.parent && window.parent.opener) {
      window.parent.opener.postMessage(JSON.stringify({ namespace: "handbook-deck", action: action }), "*");
    }
  }

  window.addEventListener("message", function (event) {
    var data;
    try { data = JSON.parse(event.data); } catch (error) { return; }
    if (data && data.namespace === "handbook-deck" && Object.prototype.hasOwnProperty.call(ACTIONS, data.action)) {
      var timer = current();
      if (timer) { ACTIONS[data.action](timer); }
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
    // + and - on the main keyboard (= is + without Shift) and on the number pad.
    [187, 107, 61].forEach(function (code) {
      Reveal.addKeyBinding({ keyCode: code, key: "+", description: "A minute more for this phase" }, function () {
        act("longer");
      });
    });
    [189, 109, 173].forEach(function (code) {
      Reveal.addKeyBinding({ keyCode: code, key: "-", description: "A minute less for this phase" }, function () {
        act("shorter");
      });
    });
    Reveal.addKeyBinding({ keyCode: 77, key: "M", description: "Sound on or off at a phase change" }, function () {
      act("sound");
    });
    document.documentElement.setAttribute("data-deck-ready", "true");
  });
}());
