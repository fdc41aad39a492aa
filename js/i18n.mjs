// Interface labels, English and Japanese; the page's <html lang> picks one.
// The same mechanism as the widgets' words (widgets/kit/labels.mjs): English where a word is missing.
import { labelsFor, languageOf } from "./widgets/kit/labels.mjs";

const LABELS = {
  en: {
    run: "Run", stop: "Stop", reset: "Reset", runAll: "Run all", restart: "Restart",
    edited: "edited", cell: (n) => `Code cell ${n}`, waiting: "waiting…",
    bookStale: "This is the output of the book's code, not of your edit: run the cell to see yours.",
    earlierOutput: "Your output from an earlier visit (Python has not run this cell in this visit).",
    earlierCut: "Only the start of that output was kept.",
    python: "Python", loading: "loading…", ready: "ready", running: "running…",
    failed: (m) => `could not start: ${m}`,
    stages: { runtime: "downloading the runtime", starting: "starting the interpreter",
      numpy: "loading NumPy", imports: "importing NumPy and nnbook" },
    megabytes: (loaded, total) => (total ? `${loaded} of ${total} MB` : `${loaded} MB`),
    waitingForPython: "Waiting for Python", waitingShort: "waiting for Python…",
    startOnRun: "Start Python when I press Run",
    startOnRunHint: "Saves data: Python (about 17 MB) is downloaded only when you first press Run or Check, or change a widget. Remembered on every page.",
    startsOnRun: "starts when you press Run",
    waitingForUse: "This widget answers once Python runs: it starts when you press Run or",
    startPython: "Start Python",
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
    checkStopped: "Check stopped. Your variables are kept.",
    checkStoppedLost: "Check stopped. Python was restarted to stop it, so the variables from earlier cells were lost: run them again, then check.",
    outputCapped: (n) => `Output truncated: at most ${n.toLocaleString("en")} outputs are shown per run; the rest was left out.`,
    heldEdit: (n) => `Your saved edit of this cell is too large to open without freezing the page (${n.toLocaleString("en")} characters), so the cell shows its original code. The edit is kept until you change the cell.`,
    openHeldEdit: "Open my edit",
    passNotStored: "This browser could not store the pass (its storage is full or blocked): it will be forgotten when you leave this page.",
    storageFull: "Your edits can't be saved in this browser: storage is full. They stay on this page until you leave it.",
    storageBlocked: "Your edits can't be saved in this browser: it does not let this site store them. They stay on this page until you leave it.",
    offlineTitle: "Not available offline yet",
    offlineText: "This page has not been saved on this device yet, and there is no network now. The pages you have opened before open without a network, and so does the whole book once you make it available offline on the home page.",
    offlineHome: "Go to the home page",
    offlineKept: "Pages saved on this device, which open without a network:", offlineNone: "No page of the book is saved on this device yet.",
    isolationNext: "On this visit Stop restarts Python (variables are lost); from your next visit or reload of the book, Stop keeps your variables.",
    updateAvailable: "A new version of the book is available:",
    updateReload: "Reload",
    offlineIntro: (size) => `Download every page, in English and Japanese, and matplotlib (${size} in all), so that every chapter opens and runs without a network.`,
    offlineMake: "Make the whole book available offline",
    offlinePreparing: "Making the Python runtime available offline first…",
    offlineRemove: "Remove the offline copy",
    offlineProgress: (done, total, n, of) => `Downloading: ${done} of ${total}, ${n} of ${of} files.`,
    offlineDone: (used) => `The whole book is available offline. The book uses ${used} on this device.`,
    offlinePersisted: "Your browser will keep it until you remove it.",
    offlineNotPersisted: "Your browser did not promise to keep it: it may remove it when space runs low.",
    offlineFailed: (m) => `The download stopped (${m}). What was downloaded is kept; try again when the network is back.`,
    offlineRemoved: (used) => `The offline copy is removed. The book now uses ${used} on this device: the Python runtime and the pages you have read, which the book keeps so that chapters open and run without a network.`,
    offlineNoNetwork: "The download stopped: there is no network. What was downloaded is kept; press the button again when you are back online.",
    offlineUnsupported: "This browser cannot keep the book for offline reading.",
  },
  ja: {
    run: "実行", stop: "停止", reset: "元に戻す", runAll: "すべて実行", restart: "再起動",
    edited: "編集済み", cell: (n) => `コードセル ${n}`, waiting: "待機中…",
    bookStale: "これは本のコードの出力で、あなたが編集したコードの出力ではありません。セルを実行すると、あなたのコードの出力が表示されます。",
    earlierOutput: "前回の訪問で実行したときの出力です (今回の訪問では、このセルはまだ実行していません)。",
    earlierCut: "その出力は最初の部分だけを保存しました。",
    python: "Python", loading: "読み込み中…", ready: "準備完了", running: "実行中…",
    failed: (m) => `起動できません: ${m}`,
    stages: { runtime: "本体をダウンロード中", starting: "インタープリターを起動中",
      numpy: "NumPy を読み込み中", imports: "NumPy と nnbook をインポート中" },
    megabytes: (loaded, total) => (total ? `${total} MB 中 ${loaded} MB` : `${loaded} MB`),
    waitingForPython: "Python を待っています", waitingShort: "Python を待っています…",
    startOnRun: "「実行」を押したときに Python を起動",
    startOnRunHint: "データ通信量を節約します。Python (約 17 MB) は、最初に「実行」か「チェック」を押すか、ウィジェットを操作したときにダウンロードされます。この設定はすべてのページで有効です。",
    startsOnRun: "「実行」を押すと起動します",
    waitingForUse: "このウィジェットは Python が動くと応答します。「実行」か次のボタンで起動します:",
    startPython: "Python を起動",
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
    checkStopped: "チェックを止めました。変数は残っています。",
    checkStoppedLost: "チェックを止めました。止めるために Python を再起動したので、前のセルの変数は失われました。もう一度実行してからチェックしてください。",
    outputCapped: (n) => `出力を打ち切りました。1回の実行で表示する出力は ${n.toLocaleString("ja")} 個までで、残りは省きました。`,
    heldEdit: (n) => `このセルの保存された編集は大きすぎて、開くとページが固まるため開いていません (${n.toLocaleString("ja")} 文字)。セルには元のコードを表示しています。セルを変更するまで、編集は残ります。`,
    openHeldEdit: "編集を開く",
    passNotStored: "ただし、このブラウザーには合格を保存できませんでした (ストレージがいっぱいか、保存が許可されていません)。このページを離れると消えます。",
    storageFull: "このブラウザーでは編集内容を保存できません: ストレージがいっぱいです。このページを離れるまでは残ります。",
    storageBlocked: "このブラウザーでは編集内容を保存できません: このサイトによる保存が許可されていません。このページを離れるまでは残ります。",
    offlineTitle: "まだオフラインでは読めません",
    offlineText: "このページはまだこの端末に保存されておらず、いまはネットワークにつながっていません。一度開いたページは、ネットワークがなくても開けます。ホームページで本全体をオフラインで使えるようにすると、すべてのページが開けます。",
    offlineHome: "ホームページへ",
    offlineKept: "この端末に保存されていて、ネットワークなしで開けるページ：", offlineNone: "この端末には、まだ本のページが保存されていません。",
    isolationNext: "今回の表示では「停止」で Python が再起動します (変数は失われます)。次にこの本を開いたとき、または再読み込みしたときからは、「停止」しても変数が残ります。",
    updateAvailable: "この本の新しい版があります:",
    updateReload: "再読み込み",
    offlineIntro: (size) => `英語と日本語のすべてのページと matplotlib (合わせて ${size}) をダウンロードして、どの章もネットワークなしで開いて実行できるようにします。`,
    offlineMake: "本全体をオフラインで使えるようにする",
    offlinePreparing: "まず Python の実行環境をオフラインで使えるようにしています…",
    offlineRemove: "オフライン用のコピーを削除",
    offlineProgress: (done, total, n, of) => `ダウンロード中: ${total} 中 ${done}、${of} ファイル中 ${n} ファイル。`,
    offlineDone: (used) => `本全体をオフラインで使えます。この本はこの端末で ${used} を使っています。`,
    offlinePersisted: "削除するまで、ブラウザーが保持します。",
    offlineNotPersisted: "ブラウザーは保持を約束しませんでした: 空き容量が少なくなると削除されることがあります。",
    offlineFailed: (m) => `ダウンロードが止まりました (${m})。ダウンロード済みの分は残っています。ネットワークが戻ったらもう一度試してください。`,
    offlineRemoved: (used) => `オフライン用のコピーを削除しました。この本はいまこの端末で ${used} を使っています。これは Python の実行環境とこれまでに読んだページの分で、ネットワークがなくても章を開いて実行できるように残しています。`,
    offlineNoNetwork: "ネットワークにつながっていないため、ダウンロードが止まりました。ダウンロード済みの分は残っています。オンラインに戻ったら、もう一度ボタンを押してください。",
    offlineUnsupported: "このブラウザーでは、この本をオフライン用に保存できません。",
  },
};

const byLanguage = {};

/** The labels of a language ("en", "ja"; English for any other). */
export function labelsIn(lang) {
  const language = languageOf(lang);
  byLanguage[language] ??= labelsFor(language, LABELS);
  return byLanguage[language];
}

export function labels() {
  return labelsIn(document.documentElement.lang);
}

const MB = (bytes) => (bytes / 1e6).toFixed(1);

/**
 * Loading progress in words: the runtime's {stage, loaded, total} (host.mjs) as
 * "loading NumPy (12.3 of 17.0 MB)"; "loading…" before the first report.
 */
export function loadingText(t, progress) {
  const stage = progress && t.stages[progress.stage];
  if (!stage) return t.loading;
  return progress.loaded > 0 ? `${stage} (${t.megabytes(MB(progress.loaded), progress.total ? MB(progress.total) : 0)})` : stage;
}
