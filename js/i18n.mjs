// Interface labels, English and Japanese; the page's <html lang> picks one.
const LABELS = {
  en: {
    run: "Run", stop: "Stop", reset: "Reset", runAll: "Run all", restart: "Restart",
    edited: "edited", cell: (n) => `Code cell ${n}`, waiting: "waiting…",
    python: "Python", loading: "loading…", ready: "ready", running: "running…",
    failed: (m) => `could not start: ${m}`,
    stoppedKept: "Stopped. Variables set before the interruption are kept.",
    stoppedLost: "Stopped. Python was restarted to stop this cell, so the variables from earlier cells were lost: run them again.",
    crashed: (m) => `Python crashed (${m}) and was restarted; the variables from earlier cells were lost.`,
    cancelled: "Not run.",
    runAllStopped: (n) => `Run all stopped at cell ${n}, which raised an error.`,
    restarted: "Python restarted: a fresh session, no variables.",
    needsJs: "Running this code needs JavaScript; the code is shown above.",
    loadingPkg: (m) => m.replace(/^Loading /, "Loading (first use only): "),
    errorLine: (n) => `error on line ${n}`,
    check: "Check", showSolution: "Show solution", hideSolution: "Hide solution",
    correct: "Correct!", notYet: "Not yet: ", checkFirst: "Your code raised an error; fix it, then check again.",
    checkFailed: "one of the checks failed.",
    checkCrashed: (m) => `Python stopped during the check (${m}) and was restarted; the variables from earlier cells were lost: run them again, then check.`,
    checkNotRun: (m) => `The check could not run: ${m}`,
    storageFull: "Your edits can't be saved in this browser: storage is full. They stay on this page until you leave it.",
    storageBlocked: "Your edits can't be saved in this browser: it does not let this site store them. They stay on this page until you leave it.",
    offlineTitle: "Not available offline yet",
    offlineText: "This page has not been saved on this device yet, and there is no network now. The pages you have opened before open without a network, and so does the whole book once you make it available offline on the home page.",
    offlineHome: "Go to the home page",
    isolationNext: "On this visit Stop restarts Python (variables are lost); from your next visit or reload of the book, Stop keeps your variables.",
    updateAvailable: "A new version of the book is available:",
    updateReload: "Reload",
  },
  ja: {
    run: "実行", stop: "停止", reset: "元に戻す", runAll: "すべて実行", restart: "再起動",
    edited: "編集済み", cell: (n) => `コードセル ${n}`, waiting: "待機中…",
    python: "Python", loading: "読み込み中…", ready: "準備完了", running: "実行中…",
    failed: (m) => `起動できません: ${m}`,
    stoppedKept: "停止しました。中断前に設定した変数は残っています。",
    stoppedLost: "停止しました。このセルを止めるために Python を再起動したので、前のセルの変数は失われました。もう一度実行してください。",
    crashed: (m) => `Python がクラッシュしたため再起動しました (${m})。前のセルの変数は失われました。`,
    cancelled: "実行されませんでした。",
    runAllStopped: (n) => `セル ${n} でエラーが出たため「すべて実行」を止めました。`,
    restarted: "Python を再起動しました。変数のない新しいセッションです。",
    needsJs: "このコードを実行するには JavaScript が必要です。",
    loadingPkg: (m) => m.replace(/^Loading /, "読み込み中 (初回のみ): "),
    errorLine: (n) => `${n} 行目でエラー`,
    check: "チェック", showSolution: "解答を表示", hideSolution: "解答を隠す",
    correct: "正解です!", notYet: "まだです: ", checkFirst: "コードがエラーになりました。直してからもう一度チェックしてください。",
    checkFailed: "チェックの 1 つが通りませんでした。",
    checkCrashed: (m) => `チェック中に Python が止まったため再起動しました (${m})。前のセルの変数は失われました。もう一度実行してからチェックしてください。`,
    checkNotRun: (m) => `チェックを実行できませんでした: ${m}`,
    storageFull: "このブラウザーでは編集内容を保存できません: ストレージがいっぱいです。このページを離れるまでは残ります。",
    storageBlocked: "このブラウザーでは編集内容を保存できません: このサイトによる保存が許可されていません。このページを離れるまでは残ります。",
    offlineTitle: "まだオフラインでは読めません",
    offlineText: "このページはまだこの端末に保存されておらず、いまはネットワークにつながっていません。一度開いたページは、ネットワークがなくても開けます。ホームページで本全体をオフラインで使えるようにすると、すべてのページが開けます。",
    offlineHome: "ホームページへ",
    isolationNext: "今回の表示では「停止」で Python が再起動します (変数は失われます)。次にこの本を開いたとき、または再読み込みしたときからは、「停止」しても変数が残ります。",
    updateAvailable: "この本の新しい版があります:",
    updateReload: "再読み込み",
  },
};

export function labels() {
  return labelsFor((document.documentElement.lang || "en").slice(0, 2));
}

/** The labels of one language ("en", "ja"), where there is no document (the service worker). */
export function labelsFor(lang) {
  return LABELS[lang] || LABELS.en;
}
