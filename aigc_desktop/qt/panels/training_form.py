"""The training form: model and hyper-parameters, read back as ``default_config`` overrides."""
from __future__ import annotations

import math
from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QWidget

from aigc_desktop.core.models import DIFFUSION_SOLVERS
from aigc_desktop.core.training.config import (DEFAULT_PRESET, GAN_LOSSES, IMAGE_SIZES, PRESETS, default_config,
                                               estimate_seconds, guided, preset_steps, steps_per_epoch, train_count)
from aigc_desktop.qt.i18n import fill
from aigc_desktop.qt.run_text import option_name

DEVICES = ("auto", "cpu", "cuda")


class TrainingForm(QWidget):
    """Choosing a model fills in that model's tested defaults; every field stays editable."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)

        self.model = QComboBox()
        self.model.addItem(self.tr("VAE (variational autoencoder)"), "vae")
        self.model.addItem(self.tr("DCGAN (generative adversarial network)"), "gan")
        self.model.addItem(self.tr("Diffusion (rectified flow U-Net)"), "diffusion")
        self.model.setToolTip(self.tr("A VAE trains steadily and can reconstruct; a GAN gives sharper samples; a "
                                      "diffusion model gives the most faithful samples and, conditional, draws the "
                                      "class asked for, but samples in several denoising steps"))
        self.conditional = QCheckBox(self.tr("Conditional on the labels"))
        self.conditional.setToolTip(self.tr("Train one model per class label, so samples can be asked for by label "
                                            "(needs labelled data; unlabelled items are left out)"))
        self.image_size = QComboBox()
        self.image_size.addItem(self.tr("Auto (from the data)"), None)
        for size in IMAGE_SIZES:
            self.image_size.addItem(f"{size} × {size}", size)
        self.image_size.setToolTip(self.tr("Images are resized to this side length before training"))
        self.budget = QComboBox()
        names = {"quick": self.tr("Quick"), "balanced": self.tr("Balanced"), "best": self.tr("Best")}
        tips = {"quick": self.tr("About a minute on a laptop CPU: a first look, still blurry"),
                "balanced": self.tr("The default: legible, varied samples in a few minutes on a laptop CPU"),
                "best": self.tr("About three times longer than Balanced, for the sharpest samples")}
        for preset in PRESETS:
            self.budget.addItem(names[preset], preset)
            self.budget.setItemData(self.budget.count() - 1, tips[preset], Qt.ToolTipRole)
        self.budget.addItem(self.tr("Custom (epochs)"), None)
        self.budget.setItemData(self.budget.count() - 1, self.tr("Train for the number of epochs you set"),
                                Qt.ToolTipRole)
        self.budget.setToolTip(self.tr("How long to train: a preset is a number of optimizer steps, whatever "
                                       "the size of the data; set the epochs yourself for a custom length"))
        self.epochs = self._spin(1, 100000, 10, self.tr("Passes over the training images"))
        self.length_note = QLabel()
        self.length_note.setObjectName("lengthNote")
        self.length_note.setStyleSheet("color: #64748b;")
        self.length_note.setToolTip(self.tr("Optimizer steps, and the time they take: measured on this computer "
                                            "once a run of this model has finished here, estimated before"))
        self.length_note.setWordWrap(True)
        self.batch_size = self._spin(1, 65536, 128, self.tr("Images per optimisation step"))
        self.lr = QDoubleSpinBox()
        self.lr.setDecimals(6)
        self.lr.setRange(1e-6, 1.0)
        self.lr.setSingleStep(1e-4)
        self.lr.setStepType(QDoubleSpinBox.AdaptiveDecimalStepType)
        self.lr.setToolTip(self.tr("Adam's learning rate; lower it if training diverges"))
        self.latent_dim = self._spin(1, 1024, 16, self.tr("Size of the latent code the images are generated from"))
        self.beta = QDoubleSpinBox()
        self.beta.setRange(0.0, 1000.0)
        self.beta.setDecimals(2)
        self.beta.setSingleStep(0.5)
        self.beta.setToolTip(self.tr("Weight of the KL term: 1 is the plain VAE, above 1 a β-VAE "
                                     "(smoother latent space, blurrier images)"))
        self.gan_loss = QComboBox()
        for loss in GAN_LOSSES:
            self.gan_loss.addItem(option_name("gan_loss", loss), loss)
        self.gan_loss.setToolTip(self.tr("The GAN objective: hinge is the stable default, WGAN-GP the most "
                                         "robust against mode collapse"))
        self.objective = QComboBox()
        for objective, solvers in DIFFUSION_SOLVERS.items():  # each with the sampler it draws with
            self.objective.addItem(fill(self.tr("%1 (%2 steps)"), option_name("objective", objective),
                                        option_name("solver", solvers[0])), objective)
        self.objective.setToolTip(self.tr("What the denoising network learns: rectified flow trains faster and "
                                          "samples well in fewer steps (the default, as measured)"))
        self.sampler_steps = self._spin(1, 1000, 10, self.tr("Denoising steps per sample: more are slower and "
                                                             "somewhat sharper"))
        self.guidance = QDoubleSpinBox()
        self.guidance.setRange(0.0, 20.0)
        self.guidance.setDecimals(1)
        self.guidance.setSingleStep(0.5)
        self.guidance.setToolTip(self.tr("Classifier-free guidance of the samples towards their class (an "
                                         "unconditional model: towards a cluster of the training images, drawn from "
                                         "the noise): 0 ignores it, 1 is the plain conditional model, higher draws "
                                         "it more surely and less diversely"))
        self.device = QComboBox()
        for device in DEVICES:
            self.device.addItem(option_name("device", device), device)
        self.device.setToolTip(self.tr("Where to train; on the CPU one core is left free for the interface"))

        for combo in (self.model, self.image_size, self.budget, self.gan_loss, self.objective, self.device):
            # the entries' length never sets the form's width: a long one is elided in a narrow column
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        layout.addRow(self.tr("&Model:"), self.model)
        layout.addRow("", self.conditional)
        layout.addRow(self.tr("Image &size:"), self.image_size)
        layout.addRow(self.tr("Trainin&g length:"), self.budget)
        layout.addRow(self.tr("&Epochs:"), self.epochs)
        layout.addRow("", self.length_note)
        layout.addRow(self.tr("&Batch size:"), self.batch_size)
        layout.addRow(self.tr("&Learning rate:"), self.lr)
        layout.addRow(self.tr("Latent si&ze:"), self.latent_dim)
        layout.addRow(self.tr("β (KL &weight):"), self.beta)
        layout.addRow(self.tr("GAN l&oss:"), self.gan_loss)
        layout.addRow(self.tr("Diffusion &objective:"), self.objective)
        layout.addRow(self.tr("Denoising s&teps:"), self.sampler_steps)
        layout.addRow(self.tr("G&uidance scale:"), self.guidance)
        layout.addRow(self.tr("&Device:"), self.device)

        self._n_images = 0
        self._seconds_per_step: dict = {}  # model -> measured seconds per step on this computer
        self.model.currentIndexChanged.connect(self._on_model_changed)
        self.conditional.toggled.connect(self._update_enabled)
        self.budget.currentIndexChanged.connect(self._apply_budget)
        self.epochs.valueChanged.connect(self._on_epochs_edited)
        self.batch_size.valueChanged.connect(self._apply_budget)
        for box in (self.conditional,):
            box.toggled.connect(self.changed)
        for spin in (self.epochs, self.batch_size, self.latent_dim, self.lr, self.beta, self.sampler_steps,
                     self.guidance):
            spin.valueChanged.connect(self.changed)
        self.budget.setCurrentIndex(self.budget.findData(DEFAULT_PRESET))
        self._on_model_changed()
        self.set_labelled(False)

    def _spin(self, low: int, high: int, value: int, tip: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setGroupSeparatorShown(True)
        spin.setToolTip(tip)
        return spin

    def _on_model_changed(self) -> None:
        defaults = default_config(self.model_name())
        self.batch_size.setValue(defaults.batch_size)
        self.lr.setValue(defaults.lr)
        self.latent_dim.setValue(defaults.latent_dim)
        self.beta.setValue(defaults.beta)
        self.gan_loss.setCurrentIndex(max(0, self.gan_loss.findData(defaults.gan_loss)))
        self.objective.setCurrentIndex(max(0, self.objective.findData(defaults.objective)))
        self.sampler_steps.setValue(defaults.sampler_steps)
        self.guidance.setValue(defaults.guidance)
        self._update_enabled()
        self._apply_budget()
        self.changed.emit()

    def _update_enabled(self) -> None:
        """Each model's own settings are editable; the others are greyed out."""
        model = self.model_name()
        self.beta.setEnabled(model == "vae")
        self.gan_loss.setEnabled(model == "gan")
        self.latent_dim.setEnabled(model != "diffusion")  # a diffusion model starts from image-sized noise
        for widget in (self.objective, self.sampler_steps):
            widget.setEnabled(model == "diffusion")
        # guidance needs a condition: the labels, or the clusters of the images a default unconditional run has
        self.guidance.setEnabled(guided(default_config(model, conditional=self.conditional.isChecked())))

    def model_name(self) -> str:
        return self.model.currentData()

    def set_model(self, model: str) -> None:
        self.model.setCurrentIndex(max(0, self.model.findData(model)))

    def set_labelled(self, labelled: bool) -> None:
        """Conditional training needs labels: the box is offered only for labelled data."""
        self.conditional.setEnabled(labelled)
        if not labelled:
            self.conditional.setChecked(False)

    # ----- training length ----------------------------------------------------------------
    def set_data_size(self, n_images: int) -> None:
        """The number of images training would use: presets become epochs of this data."""
        self._n_images = max(0, int(n_images))
        self._apply_budget()

    def set_seconds_per_step(self, measured: dict) -> None:
        """model -> seconds per optimizer step measured by this project's finished runs."""
        self._seconds_per_step = dict(measured)
        self._update_note()

    def preset(self) -> Optional[str]:
        return self.budget.currentData()

    def set_preset(self, preset: Optional[str]) -> None:
        self.budget.setCurrentIndex(self.budget.findData(preset))

    def _config(self):
        return default_config(self.model_name(), batch_size=self.batch_size.value())

    def _steps_per_epoch(self) -> int:
        config = self._config()
        return steps_per_epoch(train_count(max(self._n_images, 1), config.val_fraction), config)

    def planned_steps(self) -> int:
        preset = self.preset()
        if preset is not None:
            return preset_steps(self.model_name(), preset)
        return self.epochs.value() * self._steps_per_epoch()

    def _apply_budget(self) -> None:
        preset = self.preset()
        if preset is not None:
            self.epochs.blockSignals(True)
            self.epochs.setValue(max(1, math.ceil(preset_steps(self.model_name(), preset) / self._steps_per_epoch())))
            self.epochs.blockSignals(False)
        self._update_note()

    def _on_epochs_edited(self) -> None:
        if self.preset() is not None:  # a number of epochs of one's own is a custom length
            self.budget.blockSignals(True)
            self.budget.setCurrentIndex(self.budget.findData(None))
            self.budget.blockSignals(False)
        self._update_note()
        self.changed.emit()

    def _update_note(self) -> None:
        steps = self.planned_steps()
        measured = self._seconds_per_step.get(self.model_name())
        seconds = estimate_seconds(self._config(), steps, measured)
        minutes = f"{seconds / 60:.0f}" if seconds >= 90 else f"{max(seconds / 60, 0.1):.1f}"
        if measured is not None:
            text = self.tr("= %1 steps, about %2 min here")
        else:
            text = self.tr("= %1 steps, about %2 min on one CPU core")
        self.length_note.setText(text.replace("%1", f"{steps:,}").replace("%2", minutes))

    def image_size_value(self) -> Optional[int]:
        return self.image_size.currentData()

    def length(self) -> dict:
        """The training length chosen, for ``config.with_budget``: a preset, or the epochs set by hand."""
        return {"preset": self.preset()} if self.preset() else {"epochs": self.epochs.value()}

    def overrides(self) -> dict:
        """Fields of :class:`TrainConfig` the user chose; size and channels come from the data."""
        values = {"batch_size": self.batch_size.value(), "lr": self.lr.value(),
                  "device": self.device.currentData(), "conditional": self.conditional.isChecked()}
        model = self.model_name()
        if model != "diffusion":
            values["latent_dim"] = self.latent_dim.value()
        if model == "vae":
            values["beta"] = self.beta.value()
        elif model == "gan":
            values["gan_loss"] = self.gan_loss.currentData()
        else:
            values.update(objective=self.objective.currentData(), sampler_steps=self.sampler_steps.value(),
                          guidance=self.guidance.value())
        return values
