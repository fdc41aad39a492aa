// Every widget module, imported for its register() call.
import "./neuron-explorer.mjs";
import "./activation-plot.mjs";
import "./pixel-grid.mjs";
import "./network-view.mjs";
import "./weight-editor.mjs";
import "./error-table.mjs";
import "./descent.mjs";
import "./init-histograms.mjs";
import "./optimizer-race.mjs";
import "./overfitting.mjs";
import "./backprop-stepper.mjs";
import "./trainer.mjs";
import "./playground.mjs";
