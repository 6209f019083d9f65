"use strict";
// The read-along page: audio, chapters (click to jump) and the WebVTT transcript, highlighted as it plays.
// The player bar stays on screen (sticky); the transcript follows the audio below it; where you stopped is
// kept per book in this browser and offered on return; lock screens get the title and controls.
const audio = document.getElementById("player");
const playerBar = document.getElementById("player-bar");
const transcript = document.getElementById("transcript");
const chapterList = document.getElementById("chapters");
const chapterBox = document.getElementById("chapter-box");
const now = document.getElementById("now");
const follow = document.getElementById("follow");
const SKIP_SECONDS = 10;  // J / L and the lock screen's back / forward
const SAVE_EVERY_SECONDS = 5;  // how often the playing position is written to localStorage
const WORTH_RESUMING_SECONDS = 5;  // a saved position this close to either end is not offered
let cues = [];       // {start, end, item}
let chapters = [];   // {start, end, title, item}
let currentCue = -1;
let currentChapter = -1;
let positionKey = null;
let lastSaved = 0;

function formatTime(seconds) {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(r).padStart(2, "0");
}

function seek(seconds) {
  const end = Number.isFinite(audio.duration) ? audio.duration : Infinity;
  audio.currentTime = Math.max(0, Math.min(seconds, end));
  update();
}

// The last entry whose start is at or before t (entries are in time order).
function indexAt(entries, t) {
  let low = 0, high = entries.length - 1, found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (entries[mid].start <= t + 0.0005) { found = mid; low = mid + 1; } else { high = mid - 1; }
  }
  return found;
}

function mark(entries, index, previous) {
  if (index === previous) return previous;
  if (previous >= 0) { entries[previous].item.classList.remove("current"); entries[previous].item.removeAttribute("aria-current"); }
  if (index >= 0) { entries[index].item.classList.add("current"); entries[index].item.setAttribute("aria-current", "true"); }
  return index;
}

// Scroll the window (never the player, which is sticky) so that `item` sits in the visible stretch below
// the player bar; nothing moves while the line is already in that stretch.
function keepInView(item) {
  const top = playerBar.getBoundingClientRect().bottom;
  const bottom = window.innerHeight;
  const box = item.getBoundingClientRect();
  if (box.top >= top && box.bottom <= bottom) return;
  const room = bottom - top;
  window.scrollBy({ top: box.top - top - Math.max(0, (room - box.height) / 3), behavior: "instant" });
}

function update() {
  const t = audio.currentTime;
  const cue = indexAt(cues, t);  // in the pause after a line, that line stays lit until the next starts
  const changed = cue !== currentCue;
  currentCue = mark(cues, cue, currentCue);
  if (changed && currentCue >= 0 && follow.checked && !transcript.contains(document.activeElement)) {
    keepInView(cues[currentCue].item);
  }
  const chapter = indexAt(chapters, t);
  if (chapter !== currentChapter) {
    currentChapter = mark(chapters, chapter, currentChapter);
    if (currentChapter >= 0) now.textContent = "Chapter: " + chapters[currentChapter].title;
  }
}

// A button whose accessible name is what it shows: the time, then the words.
function button(seconds) {
  const b = document.createElement("button");
  b.type = "button";
  b.dataset.start = String(seconds);
  const time = document.createElement("span");
  time.className = "time";
  time.textContent = formatTime(seconds);
  b.append(time, document.createTextNode(" "));
  b.addEventListener("click", () => seek(seconds));
  return b;
}

function loadTranscript(track) {
  transcript.replaceChildren();
  cues = Array.from(track.cues).map((cue) => {
    const item = document.createElement("li");
    const speaker = /^<v(?:\.[^\s>]*)?\s+([^>]+)>/.exec(cue.text);
    const text = cue.getCueAsHTML().textContent;
    const b = button(cue.startTime);
    if (speaker) {
      const who = document.createElement("span");
      who.className = "speaker";
      who.textContent = speaker[1] + ": ";
      b.append(who);
    }
    const words = document.createElement("span");
    words.className = "text";
    words.textContent = text;
    b.append(words);
    item.append(b);
    item.dataset.start = String(cue.startTime);
    item.dataset.end = String(cue.endTime);
    transcript.append(item);
    return { start: cue.startTime, end: cue.endTime, item };
  });
  transcript.dataset.ready = "true";
  currentCue = -1;
  update();
}

function loadChapters(data) {
  chapters = data.chapters.map((chapter) => {
    const item = document.createElement("li");
    const b = button(chapter.startTime);
    b.append(document.createTextNode(chapter.title));
    item.append(b);
    chapterList.append(item);
    return { start: chapter.startTime, end: chapter.endTime, title: chapter.title, item };
  });
  chapterList.dataset.ready = "true";
  update();
}

function chapterStep(step) {
  if (!chapters.length) return;
  const here = indexAt(chapters, audio.currentTime);
  // "Previous" a few seconds into a chapter goes back to its start, as players do.
  const target = step < 0 && here >= 0 && audio.currentTime - chapters[here].start > 3 ? here : here + step;
  seek(chapters[Math.max(0, Math.min(target, chapters.length - 1))].start);
}

function togglePlay() {
  if (audio.paused) audio.play().catch(() => {}); else audio.pause();
}

// --- where you stopped: one entry per book in localStorage ----------------------------------------

function savePosition(force) {
  if (!positionKey || !Number.isFinite(audio.duration)) return;
  const t = audio.currentTime;
  if (!force && Math.abs(t - lastSaved) < SAVE_EVERY_SECONDS) return;
  lastSaved = t;
  try {
    if (t < WORTH_RESUMING_SECONDS || t > audio.duration - WORTH_RESUMING_SECONDS) localStorage.removeItem(positionKey);
    else localStorage.setItem(positionKey, JSON.stringify({ t, saved: Date.now() }));
  } catch (error) { /* storage full or blocked: nothing to remember with */ }
}

function offerResume() {
  let saved = null;
  try { saved = JSON.parse(localStorage.getItem(positionKey) || "null"); } catch (error) { saved = null; }
  if (!saved || !(saved.t > 0)) return;
  const box = document.getElementById("resume");
  const resume = document.getElementById("resume-button");
  resume.textContent = "Resume at " + formatTime(saved.t);
  box.hidden = false;
  const close = () => { box.hidden = true; };
  resume.addEventListener("click", () => { seek(saved.t); close(); audio.play().catch(() => {}); });
  document.getElementById("start-over").addEventListener("click", () => {
    try { localStorage.removeItem(positionKey); } catch (error) { /* ignored */ }
    close();
    audio.focus();
  });
  audio.addEventListener("play", close, { once: true });
}

// --- lock screen and headset controls ---------------------------------------------------------------

function mediaSession(book) {
  if (!("mediaSession" in navigator)) return;
  if ("MediaMetadata" in window) {
    const artwork = book.cover ? [{ src: new URL(encodeURIComponent(book.cover), location.href).href, sizes: "1400x1400", type: book.cover.endsWith(".png") ? "image/png" : "image/jpeg" }] : [];
    navigator.mediaSession.metadata = new MediaMetadata({ title: book.title, artist: book.author || "", album: book.title, artwork });
  }
  const actions = {
    play: () => audio.play().catch(() => {}),
    pause: () => audio.pause(),
    seekbackward: (details) => seek(audio.currentTime - ((details && details.seekOffset) || SKIP_SECONDS)),
    seekforward: (details) => seek(audio.currentTime + ((details && details.seekOffset) || SKIP_SECONDS)),
    seekto: (details) => seek(details.seekTime),
    previoustrack: () => chapterStep(-1),
    nexttrack: () => chapterStep(1),
  };
  for (const [action, handler] of Object.entries(actions)) {
    try { navigator.mediaSession.setActionHandler(action, handler); } catch (error) { /* not supported here */ }
  }
}

function updatePositionState() {
  if (!("mediaSession" in navigator) || !navigator.mediaSession.setPositionState || !Number.isFinite(audio.duration)) return;
  try {
    navigator.mediaSession.setPositionState({ duration: audio.duration, playbackRate: audio.playbackRate, position: Math.min(audio.currentTime, audio.duration) });
  } catch (error) { /* a browser that rejects the state */ }
}

// --- keys: Space / K play and pause, J / L back and forward ------------------------------------------

function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || target.matches("input:not([type=checkbox]):not([type=radio]), textarea, select"));
}

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
  const key = event.key.toLowerCase();
  // Space keeps its own meaning on the controls that have one (buttons, links, the checkbox, the player).
  if (key === " " && event.target instanceof HTMLElement && event.target.matches("button, a, input, summary, audio")) return;
  if (key === " " || key === "k") togglePlay();
  else if (key === "j") seek(audio.currentTime - SKIP_SECONDS);
  else if (key === "l") seek(audio.currentTime + SKIP_SECONDS);
  else return;
  event.preventDefault();
});

(async () => {
  const file = new URLSearchParams(location.search).get("book");
  const library = await (await fetch("library.json")).json();
  const book = library.books.find((b) => b.file === file);
  if (!book) {
    document.getElementById("title").textContent = "Audiobook not found";
    return;
  }
  document.title = book.title + " — listen";
  document.getElementById("title").textContent = book.title;
  document.getElementById("byline").textContent = book.author ? "by " + book.author : "";
  if (book.cover) {
    const cover = document.getElementById("cover");
    cover.src = encodeURIComponent(book.cover);
    cover.alt = "Cover of " + book.title;
    cover.hidden = false;
  }
  positionKey = "fic2audio:position:" + location.pathname + "?" + book.file;
  chapterBox.open = window.matchMedia("(min-width: 60rem)").matches;  // a side column on wide screens
  audio.src = encodeURIComponent(book.file);
  if (book.transcript) {
    const track = document.createElement("track");
    track.kind = "captions";
    track.srclang = "en";
    track.label = "Transcript";
    track.src = encodeURIComponent(book.transcript);
    track.default = true;
    track.addEventListener("load", () => loadTranscript(track.track));
    audio.append(track);
    track.track.mode = "hidden";  // loaded and timed, but drawn by this page rather than over the player
  }
  mediaSession(book);
  audio.addEventListener("loadedmetadata", () => { offerResume(); updatePositionState(); }, { once: true });
  audio.addEventListener("timeupdate", () => { update(); savePosition(false); });
  audio.addEventListener("seeked", () => { update(); updatePositionState(); savePosition(true); });
  audio.addEventListener("pause", () => { savePosition(true); updatePositionState(); });
  audio.addEventListener("play", updatePositionState);
  window.addEventListener("pagehide", () => savePosition(true));
  if (book.chapters) {
    const response = await fetch(encodeURIComponent(book.chapters));
    if (response.ok) loadChapters(await response.json());
  }
  document.body.dataset.ready = "true";
})();
