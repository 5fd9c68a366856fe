"""The Data panel: every item of the current dataset in a table, filters, a detail pane, edits.

Labels are edited inline (double-click or F2; a completer offers the existing labels) or for a
whole selection (Ctrl+L); items are excluded or included with the checkbox column, Space
(toggle) and Del (exclude), or the context menu. Every edit is a command on the session's undo
stack and is written to the catalog at once.

Longer than most modules on purpose: the filters, the summary strip, the detail pane and the edits
all act on one table model and one selection; the model and the detail pane have modules of their own.
"""
from __future__ import annotations

import logging
from typing import Optional

import numpy as np
from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QButtonGroup, QComboBox, QCompleter, QFrame, QHBoxLayout, QHeaderView,
    QInputDialog, QLabel, QLineEdit, QMenu, QProgressBar, QPushButton, QScrollArea, QSizePolicy, QSlider,
    QSplitter, QStackedWidget, QStyledItemDelegate, QTableView, QToolButton, QVBoxLayout, QWidget,
)

from aigc_desktop.core.errors import UserError
from aigc_desktop.qt.dataset_picker import DatasetCombo
from aigc_desktop.qt.issue_text import issue_name, reason_name
from aigc_desktop.qt.models.item_table_model import (
    BYTES, INCLUDED, ISSUES, LABEL, MODE, PATH, SIZE, THUMBNAIL, ItemFilter, ItemTableModel, ScanIssues,
)
from aigc_desktop.qt.panels.base import Panel
from aigc_desktop.qt.panels.data_detail import PREVIEW_SIZE, ItemDetail
from aigc_desktop.qt.panels.data_grid import DEFAULT_GRID_SIZE, GRID_SIZES, GridView
from aigc_desktop.qt.panels.data_map import ItemMap, label_colours, problem_colours
from aigc_desktop.qt.panels.data_similar import Features, Similar, feature_job, similar_job
from aigc_desktop.qt.reveal import reveal_action
from aigc_desktop.qt.thumbnails import ThumbnailCache
from aigc_desktop.qt.undo_commands import set_included_command, set_labels_command
from aigc_desktop.qt.widgets import FittingLineEdit

log = logging.getLogger(__name__)
THUMB_SIZE = 32
SIMILAR_K = 48  # items "Find Similar" lists besides the item itself (a screen of the grid)
TABLE_VIEW, GRID_VIEW, MAP_VIEW = range(3)
PATH_MIN_WIDTH, PATH_MAX_WIDTH, ISSUES_MIN_WIDTH = 120, 300, 150


# Up to this many items the table is read on the GUI thread (a blink); bigger datasets are read
# by a job on its own connection while the panel says "Loading…" (10k rows take about a second
# when the machine is busy, 200k several).
SYNC_LOAD_ITEMS = 5000


def latest_scan(catalog, dataset_id: int):
    """The latest quality scan of the dataset, or None (none yet, or it cannot be read)."""
    from aigc_desktop.core.quality.store import load_latest_scan

    try:
        return load_latest_scan(catalog, dataset_id)
    except Exception:  # an unreadable scan must not keep the data from showing
        log.exception("could not load the latest scan of dataset %s", dataset_id)
        return None


def read_items(project_path: str, dataset_id: int, ctx) -> tuple:
    """A job's work: the dataset's items and latest scan, on the job thread's own connection."""
    from aigc_desktop.core.data.catalog import Catalog

    with Catalog.open(project_path, read_only=True) as catalog:
        table = catalog.items(dataset_id)
        ctx.cancel.raise_if_cancelled()
        return dataset_id, table, latest_scan(catalog, dataset_id)


def _view_page(controls: list, body: QWidget) -> QWidget:
    """A page of the view stack: a row of controls (``(widget, stretch)`` or a widget) above ``body``."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for control in controls:
        widget, stretch = control if isinstance(control, tuple) else (control, 0)
        row.addWidget(widget, stretch)
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.addLayout(row)
    column.addWidget(body, 1)
    return page


class LabelDelegate(QStyledItemDelegate):
    """A line edit whose completer offers the dataset's existing labels."""

    def __init__(self, model: ItemTableModel, parent=None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        labels = [label for label in self._model.labels()[1] if label]
        completer = QCompleter(labels, editor)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        editor.setCompleter(completer)
        return editor


class DataPanel(Panel):
    key = icon_name = "data"

    def __init__(self, session) -> None:
        super().__init__(session)
        self._editing = False  # True while this panel's own edit notifies the session
        self.thumbnails = ThumbnailCache(session.runner, size=THUMB_SIZE, parent=self)
        self.thumbnails.ready.connect(self._on_thumbnails_ready)
        self.model = ItemTableModel(self.thumbnails, self)
        self.model.labelsEdited.connect(self.set_labels)
        self.model.includedEdited.connect(self.set_included)
        self.model.modelReset.connect(self._update_shown_count)
        self.grid_thumbnails = ThumbnailCache(session.runner, size=DEFAULT_GRID_SIZE, parent=self)
        self.features: Optional[Features] = None  # the current dataset's feature space and map, once computed
        self._similar: tuple = ()          # item ids of the "find similar" filter (the query first)
        self._feature_job = None
        self._build()

    def title(self) -> str:
        return self.tr("Data")

    # ----- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.dataset_combo = DatasetCombo(self.session, self.tr("The dataset of the project to show"), hide_single=True)
        self.search = FittingLineEdit([self.tr("Filter by path or label (Ctrl+F)"), self.tr("Filter (Ctrl+F)"),
                                       self.tr("Filter…")])
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(self.tr("Shows the items whose path or label contains this text"))
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.label_filter = QComboBox()
        self.label_filter.setToolTip(self.tr("Show one label only"))
        self.status_filter = QComboBox()
        self.status_filter.setToolTip(self.tr("Show readable, corrupt, included, excluded or edited items"))
        for text, key in [(self.tr("All items"), "all"), (self.tr("Readable"), "ok"), (self.tr("Corrupt"), "corrupt"),
                          (self.tr("Included"), "included"), (self.tr("Excluded"), "excluded"),
                          (self.tr("Edited labels"), "edited")]:
            self.status_filter.addItem(text, key)
        self.issue_filter = QComboBox()
        self.issue_filter.setToolTip(self.tr("Show one kind of problem (run a quality scan in Cleaning to find more)"))
        for combo in (self.label_filter, self.status_filter, self.issue_filter):
            # sized to a short text, not the longest entry: the window must still shrink
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
            combo.activated.connect(self._apply_filter)
        self.clear_button = QPushButton(self.tr("Show All"))
        self.clear_button.setToolTip(self.tr("Clear every filter"))
        self.clear_button.clicked.connect(self.clear_filters)
        self.shown_label = QLabel()
        self.shown_label.setObjectName("shownCount")
        self.similar_chip = QToolButton()
        self.similar_chip.setObjectName("similarChip")
        self.similar_chip.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.similar_chip.setToolTip(self.tr("Showing the items most like one item, most similar first; click to "
                                             "show every item again"))
        self.similar_chip.clicked.connect(self.clear_similar)
        self.similar_chip.setMaximumWidth(200)
        self.similar_chip.hide()

        self.view_group = QButtonGroup(self)
        view_buttons = QHBoxLayout()
        view_buttons.setSpacing(0)
        for which, text, tip in ((TABLE_VIEW, self.tr("Table"), self.tr("Every item as a row (Alt+1)")),
                                 (GRID_VIEW, self.tr("Grid"), self.tr("Large thumbnails; rest the pointer on one to "
                                                                     "see it larger (Alt+2)")),
                                 (MAP_VIEW, self.tr("Map"), self.tr("Every item as a point: look-alikes sit "
                                                                   "together (Alt+3)"))):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setShortcut(QKeySequence(f"Alt+{which + 1}"))
            button.setObjectName(("tableViewButton", "gridViewButton", "mapViewButton")[which])
            self.view_group.addButton(button, which)
            view_buttons.addWidget(button)
        self.view_group.button(TABLE_VIEW).setChecked(True)
        self.view_group.idClicked.connect(self.show_view)

        bar = QHBoxLayout()
        bar.addLayout(view_buttons)
        bar.addWidget(self.dataset_combo)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.label_filter)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.issue_filter)
        bar.addWidget(self.similar_chip)
        bar.addWidget(self.clear_button)
        bar.addWidget(self.shown_label)

        self.view = QTableView()
        self.view.setObjectName("itemTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                  | QAbstractItemView.SelectedClicked)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.view.setItemDelegateForColumn(LABEL, LabelDelegate(self.model, self.view))
        vertical = self.view.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.Fixed)  # no per-row size query over 200k rows
        vertical.setDefaultSectionSize(THUMB_SIZE + 4)
        header = self.view.horizontalHeader()
        header.setSortIndicator(-1, Qt.AscendingOrder)  # import order until a header is clicked
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSortIndicatorClearable(True)
        for column, width in [(INCLUDED, 28), (THUMBNAIL, THUMB_SIZE + 10), (PATH, 300), (LABEL, 90),
                              (SIZE, 80), (MODE, 56), (BYTES, 80), (ISSUES, ISSUES_MIN_WIDTH)]:
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(INCLUDED, QHeaderView.Fixed)
        header.setSectionResizeMode(THUMBNAIL, QHeaderView.Fixed)
        self._path_width_chosen = False  # once the user drags the Path column, its width is theirs
        header.sectionResized.connect(self._on_section_resized)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.view.setSortingEnabled(True)
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.view.selectionModel().selectionChanged.connect(self._update_map_marks)
        self._build_actions()

        self.detail = ItemDetail()
        detail_scroll = QScrollArea()
        detail_scroll.setWidget(self.detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.NoFrame)
        self.views = QStackedWidget()
        self.views.addWidget(self.view)
        self.views.addWidget(self._build_grid_page())
        self.views.addWidget(self._build_map_page())
        self.splitter = QSplitter()
        self.splitter.addWidget(self.views)
        self.splitter.addWidget(detail_scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([900, 320])

        self.summary = QLabel()
        self.summary.setObjectName("dataSummary")
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.summary.setTextFormat(Qt.RichText)
        self.summary.setToolTip(self.tr("Click a label or a problem to show only those items. “Labels changed” "
                                        "counts every item whose label differs from the imported one, "
                                        "excluded items included"))
        self.summary.linkActivated.connect(self._on_summary_link)

        self.job_bar = QProgressBar()
        self.job_bar.setMaximumHeight(16)
        self.job_bar.hide()
        self.job_label = QLabel()
        self.job_cancel = QPushButton(self.tr("Cancel"))
        self.job_cancel.setToolTip(self.tr("Stop reading the images' features"))
        self.job_cancel.hide()
        self.job_row = QWidget()  # shown only while the map or "Find Similar" reads features
        self.job_row.hide()
        job_row = QHBoxLayout(self.job_row)
        job_row.setContentsMargins(0, 0, 0, 0)
        job_row.addWidget(self.job_label)
        job_row.addWidget(self.job_bar, 1)
        job_row.addWidget(self.job_cancel)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(bar)
        layout.addWidget(self.job_row)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.summary)

    def _build_grid_page(self) -> QWidget:
        self.grid = GridView(self.model, self.grid_thumbnails)
        self.grid.follow(self.view.selectionModel())
        self.grid.setContextMenuPolicy(Qt.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(
            lambda pos: self._show_context_menu(pos, self.grid.viewport()))
        self.grid.itemActivated.connect(lambda _id: self.show_view(TABLE_VIEW))
        for a in (self.toggle_action, self.exclude_action, self.include_action, self.label_action, self.copy_action,
                  self.similar_action, self.reveal_action):
            self.grid.addAction(a)  # the grid acts on the same selection
        self.grid_size = QSlider(Qt.Horizontal)
        self.grid_size.setRange(0, len(GRID_SIZES) - 1)
        self.grid_size.setValue(GRID_SIZES.index(DEFAULT_GRID_SIZE))
        self.grid_size.setMaximumWidth(140)
        self.grid_size.setToolTip(self.tr("Picture size (Ctrl+wheel over the grid)"))
        self.grid_size.valueChanged.connect(lambda i: self.grid.set_thumbnail_size(GRID_SIZES[i]))
        hint = QLabel(self.tr("Rest the pointer on a picture to see it larger; double-click opens it in the table."))
        hint.setObjectName("gridHint")
        hint.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        return _view_page([(hint, 1), QLabel(self.tr("Size:")), self.grid_size], self.grid)

    def _build_map_page(self) -> QWidget:
        self.map = ItemMap()
        self.map.itemClicked.connect(self._on_map_clicked)
        self.map.itemMenuRequested.connect(self._on_map_menu)
        self.map_colour = QComboBox()
        self.map_colour.setToolTip(self.tr("Colour the points by their label or by what the quality scan found"))
        self.map_colour.addItem(self.tr("Colour by label"), "label")
        self.map_colour.addItem(self.tr("Colour by problem"), "problem")
        self.map_colour.activated.connect(self._colour_map)
        self.map_note = QLabel()
        self.map_note.setObjectName("mapNote")
        self.map_note.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.map_fit = QPushButton(self.tr("Fit"))
        self.map_fit.setToolTip(self.tr("Show every point (0, or double-click an empty spot); zoom with the "
                                        "wheel or + and −, drag to pan"))
        self.map_fit.clicked.connect(self.map.fit)
        self.map.tip_for = self._map_tip
        return _view_page([self.map_colour, (self.map_note, 1), self.map_fit], self.map)

    # ----- the Path column follows the table's width ------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        # the viewport, not only the view: a vertical scrollbar appearing narrows it
        if watched in (self.view, self.view.viewport()) and event.type() == QEvent.Resize:
            self._fit_path_column()
        return super().eventFilter(watched, event)

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if column == PATH and not self._fitting:
            self._path_width_chosen = True

    _fitting = False

    def _fit_path_column(self) -> None:
        """Path takes what the other columns leave, between 120 and 300 px, so the Status / issues
        column stays on screen in a small window (unless the user sized Path by hand)."""
        if self._path_width_chosen:
            return
        others = sum(self.view.columnWidth(c) for c in range(self.model.columnCount())
                     if c not in (PATH, ISSUES) and not self.view.isColumnHidden(c))
        width = self.view.viewport().width() - others - ISSUES_MIN_WIDTH
        self._fitting = True
        try:
            self.view.setColumnWidth(PATH, max(PATH_MIN_WIDTH, min(PATH_MAX_WIDTH, width)))
        finally:
            self._fitting = False

    def _build_actions(self) -> None:
        def action(text: str, shortcut, slot, tip: str) -> QAction:
            a = QAction(text, self.view)
            a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.WidgetShortcut)  # only while the table (not an editor) has focus
            a.setToolTip(tip)
            a.setStatusTip(tip)
            a.triggered.connect(slot)
            self.view.addAction(a)
            return a

        self.toggle_action = action(self.tr("Include / Exclude"), Qt.Key_Space, self.toggle_selected,
                                    self.tr("Exclude the selected items, or include them again"))
        self.exclude_action = action(self.tr("Exclude"), QKeySequence.Delete, lambda: self.include_selected(False),
                                     self.tr("Leave the selected items out of training and cleaning"))
        self.include_action = action(self.tr("Include"), Qt.Key_Insert, lambda: self.include_selected(True),
                                     self.tr("Use the selected items again"))
        self.label_action = action(self.tr("Set Label…"), "Ctrl+L", self.label_selected,
                                   self.tr("Give every selected item the same label"))
        self.copy_action = action(self.tr("Copy Paths"), QKeySequence.Copy, self.copy_selected_paths,
                                  self.tr("Copy the paths of the selected items"))
        self.similar_action = action(self.tr("Find Similar"), "Ctrl+Shift+F", lambda: self.find_similar(),
                                     self.tr("Show the items that look most like this one, most similar first "
                                             "(in the feature space of the quality scan)"))
        self.reveal_action = reveal_action(self.view, self._selected_files,
                                           lambda text: self.session.show_status(text, 8000))
        self.view.addAction(self.reveal_action)
        focus = QAction(self)
        focus.setShortcut(QKeySequence.Find)
        focus.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        focus.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(focus)

    # ----- what changed in the session ---------------------------------------------------------
    def on_project_changed(self) -> None:
        self.thumbnails.clear()
        self.grid_thumbnails.clear()

    def on_dataset_changed(self, dataset_id: int) -> None:
        self.thumbnails.clear()
        self.grid_thumbnails.clear()
        self._forget_features()
        self.reload()

    def on_items_changed(self) -> None:
        if not self._editing:  # another panel changed the items (a cleaning action, a version)
            self.reload()

    def reload(self) -> None:
        """Read the current dataset's items from the catalog (keeps sort, filter and current item)."""
        catalog, dataset_id = self.session.catalog, self.session.dataset_id
        self.session.runner.cancel(self._on_items_read)  # an older reload's items never show
        if catalog is None or dataset_id is None:
            self._show_items(None, None)
            return
        if self.model.table is not None and self.model.table.dataset_id != dataset_id:
            self._show_items(None, None)  # never show (or edit) another dataset's rows meanwhile
        project = self.session.project_path
        if catalog.dataset(dataset_id).n_items <= SYNC_LOAD_ITEMS or project is None:
            table = catalog.items(dataset_id)
            self._show_items(table, latest_scan(catalog, dataset_id))
            return
        self.shown_label.setText(self.tr("Loading…"))
        self.session.runner.start(lambda ctx: read_items(project, dataset_id, ctx), on_result=self._on_items_read,
                                      on_failed=self._on_items_failed, latest_wins=True)

    def _on_items_read(self, loaded: tuple) -> None:
        dataset_id, table, scan = loaded
        if dataset_id == self.session.dataset_id:
            self._show_items(table, scan)

    def _on_items_failed(self, message: str) -> None:
        self.shown_label.clear()
        self.session.report_error(self.tr("Data"), message)

    def _show_items(self, table, scan) -> None:
        current = self.current_item_id()
        if table is None:
            self.model.set_items(None)
            self.detail.clear()
            self.summary.clear()
            self._update_shown_count()
            return
        source = None
        try:
            source = self.session.catalog.source(table.dataset_id)
        except UserError as exc:  # the files were moved: the table still shows what was recorded
            self.session.show_status(str(exc), 10000)
        self.model.set_items(table, ScanIssues(scan, table.ids) if scan is not None else None, source)
        self._fill_filters()
        self._update_summary()
        if self.current_view() == MAP_VIEW and self._features_current():
            self._fill_map()
        if current is not None and self.model.position_of_item(current) >= 0:
            self.select_item(current)
        elif self.model.rowCount():
            self.select_position(0)
        else:
            self.detail.clear()

    # ----- filters ---------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        label = self.label_filter.currentData()
        self.label_filter.blockSignals(True)
        self.label_filter.clear()
        self.label_filter.addItem(self.tr("All labels"), None)
        for value, count in self.model.label_counts().items():
            self.label_filter.addItem(f"{value or self.tr('(no label)')}  ({count:,})", value)
        index = self.label_filter.findData(label) if label is not None else 0
        self.label_filter.setCurrentIndex(max(index, 0))
        self.label_filter.blockSignals(False)

        issue = self.issue_filter.currentData()
        self.issue_filter.blockSignals(True)
        self.issue_filter.clear()
        self.issue_filter.addItem(self.tr("All problems"), None)
        self.issue_filter.addItem(self.tr("Any problem"), "any")
        for key, count in self.model.issue_counts().items():
            name = (issue_name("corrupt") + ": " + reason_name(key[7:])) if key.startswith("reason:") \
                else issue_name(key)
            self.issue_filter.addItem(f"{name}  ({count:,})", key)
        index = self.issue_filter.findData(issue) if issue is not None else 0
        self.issue_filter.setCurrentIndex(max(index, 0))
        self.issue_filter.blockSignals(False)
        self._apply_filter()

    @Slot()
    def _apply_filter(self) -> None:
        if self.model.table is None:
            return
        wanted = ItemFilter(self.search.text(), self.label_filter.currentData(),
                            self.status_filter.currentData() or "all", self.issue_filter.currentData(), self._similar)
        if wanted != self.model.filter:
            current, shown = self.current_item_id(), self.model.visible
            self.model.set_filter(wanted)
            # other rows (a reset): keep the current item if it is still shown; the same rows
            # (a letter more that hides nothing): the selection and the scroll stay as they are
            if self.model.visible is not shown:
                if current is not None and self.model.position_of_item(current) >= 0:
                    self.select_item(current)
                elif self.detail.item_id is not None:  # the reset dropped the current item without a signal
                    self._show_detail()
        self._update_shown_count()
        self._update_map_shown()

    def set_filter(self, text: str = "", label: Optional[str] = None, status: str = "all",
                   issue: Optional[str] = None) -> None:
        """Set every filter widget at once (tests, the summary strip's links); ends a "find similar"."""
        self._set_similar(())
        for combo, value in ((self.label_filter, label), (self.status_filter, status), (self.issue_filter, issue)):
            index = combo.findData(value) if value is not None else 0
            combo.setCurrentIndex(max(index, 0))
        self.search.blockSignals(True)
        self.search.setText(text)
        self.search.blockSignals(False)
        self._apply_filter()

    def clear_filters(self) -> None:
        self.set_filter()

    # ----- views: table, grid, map -------------------------------------------------------------
    def current_view(self) -> int:
        """TABLE_VIEW, GRID_VIEW or MAP_VIEW."""
        return self.views.currentIndex()

    def show_view(self, which: int) -> None:
        self.view_group.button(which).setChecked(True)
        self.views.setCurrentIndex(which)
        (self.view, self.grid, self.map)[which].setFocus()
        if which == TABLE_VIEW and self.view.currentIndex().isValid():
            self.view.scrollTo(self.model.index(self.view.currentIndex().row(), INCLUDED))
        elif which == GRID_VIEW:
            self.grid.scroll_to_current()
        elif which == MAP_VIEW:
            if self._features_current():
                self._fill_map()
            else:
                self.compute_features()

    def _features_current(self) -> bool:
        return self.features is not None and self.features.space.dataset_id == self.session.dataset_id

    def compute_features(self):
        """Place the items on the map: read the scan's features (or the images') in a job."""
        project, dataset_id = self.session.project_path, self.session.dataset_id
        if project is None or dataset_id is None:
            return None
        self.map.clear(self.tr("Placing the items on the map…"))
        self._job_started(self.tr("Reading the images' features…"))
        return self.session.runner.start(
            lambda ctx: feature_job(project, dataset_id, ctx), on_result=self._on_features,
            on_failed=lambda message: self._on_features_failed(message),
            on_cancelled=lambda: self.map.clear(self.tr("Cancelled. Show the map again to place the items.")),
            on_finished=self._job_finished, progress_bar=self.job_bar, cancel_button=self.job_cancel,
            latest_wins=True)

    def _job_started(self, text: str) -> None:
        self.job_label.setText(text)
        self.job_row.show()

    def _job_finished(self) -> None:
        QTimer.singleShot(0, self._hide_job_row_if_idle)  # once the runner has let go of the job

    def _hide_job_row_if_idle(self) -> None:
        if not (self.session.runner.is_running(self._on_features) or self.session.runner.is_running(self._on_similar)):
            self.job_label.clear()
            self.job_row.hide()

    def _on_features(self, features: Features) -> None:
        if features.space.dataset_id != self.session.dataset_id:
            return
        self.features = features
        self._fill_map()

    def _on_features_failed(self, message: str) -> None:
        self.map.clear(self.tr("The map could not be made: %1").replace("%1", message))
        self.session.report_error(self.tr("Map"), message)

    def _forget_features(self) -> None:
        self.session.runner.cancel(self._on_features)
        self.session.runner.cancel(self._on_similar)
        self.features = None
        self._set_similar(())
        self.map.clear()

    def _fill_map(self) -> None:
        f, t = self.features, self.model.table
        if f is None or t is None:
            return
        if not np.array_equal(f.space.item_ids, t.ids):  # the dataset's items changed since: place them again
            self.features = None
            self.compute_features()
            return
        self.map.set_points(f.space.item_ids, f.coords)
        unreadable = int((~f.space.valid).sum())
        self.map_note.setText(self.tr("%1 items; look-alikes sit together").replace(
            "%1", f"{int(f.space.valid.sum()):,}"))
        tip = (self.tr("Placed by the image features of the latest quality scan.") if f.space.source == "scan"
               else self.tr("Placed by image features read just now (a full quality scan keeps them)."))
        tip += " " + self.tr("A principal component analysis of the features the duplicate and outlier checks "
                             "compare: the two directions in which the images differ most.")
        if unreadable:
            tip += " " + self.tr("%n unreadable item(s) have no place.", "", unreadable)
        self.map_note.setToolTip(tip)
        self._colour_map()
        self._update_map_shown()
        self._update_map_marks()

    def _map_ready(self) -> bool:
        return self.features is not None and self.model.table is not None and len(self.map.item_ids) == len(
            self.model.table)

    @Slot()
    def _colour_map(self, *_args) -> None:
        if not self._map_ready():
            return
        t = self.model.table
        if self.map_colour.currentData() == "problem":
            masks = dict(self.model.issues.masks) if self.model.issues is not None else {}
            colours, legend, flagged = problem_colours(masks, len(t), issue_name)
            if self.model.issues is None:
                legend = [(self.tr("no quality scan yet"), legend[0][1])]
        else:
            (colours, legend), flagged = label_colours(t.label), None
        self.map.set_colours(colours, legend, on_top=flagged)

    def _update_map_shown(self) -> None:
        if not self._map_ready():
            return
        shown = np.zeros(len(self.model.table), bool)
        shown[self.model.visible] = True  # map rows are table rows: both in id order
        self.map.set_shown(shown)

    def _update_map_marks(self, *_args) -> None:
        if not self._map_ready() or self.current_view() != MAP_VIEW:
            return
        rows = self.model.rows_of_items(self.selected_item_ids())
        current = self.current_item_id()
        self.map.set_marked(rows, int(self.model.rows_of_items([current])[0]) if current is not None else -1)

    def _map_tip(self, row: int) -> str:
        t = self.model.table
        if t is None or row >= len(t):
            return ""
        label = str(t.label[row]) or self.tr("(no label)")
        state = self.model.issue_text(row) or self.tr("ok")
        return f"{t.path[row]}\n{label} · {state}"

    @Slot(int)
    def _on_map_clicked(self, item_id: int) -> None:
        if not self.select_item(item_id):  # hidden by a filter: show everything, then the item
            self.clear_filters()
            self.select_item(item_id)
            self.session.show_status(self.tr("The filters were cleared to show the item you clicked."), 5000)
        self._update_map_marks()

    def _on_map_menu(self, item_id: int, global_pos) -> None:
        self._on_map_clicked(item_id)
        self._context_menu().exec(global_pos)

    # ----- find similar ------------------------------------------------------------------------
    def find_similar(self, item_id: Optional[int] = None):
        """Show the items most like ``item_id`` (the current item by default), most similar first."""
        item_id = item_id if item_id is not None else self.current_item_id()
        project, dataset_id, t = self.session.project_path, self.session.dataset_id, self.model.table
        if item_id is None or project is None or dataset_id is None or t is None:
            return None
        row = int(self.model.rows_of_items([item_id])[0])
        if t.status[row] != "ok":
            self.session.show_status(self.tr("This file cannot be read, so nothing can be compared with it."), 8000)
            return None
        features = self.features if self._features_current() else None
        self._job_started(self.tr("Finding the items most like %1…").replace("%1", str(t.path[row])))
        return self.session.runner.start(
            lambda ctx: similar_job(project, dataset_id, features, item_id, SIMILAR_K, ctx),
            on_result=self._on_similar, on_failed=lambda message: self.session.report_error(self.tr("Find Similar"),
                                                                                         message),
            on_finished=self._job_finished, progress_bar=self.job_bar, cancel_button=self.job_cancel,
            latest_wins=True)

    def _on_similar(self, found: Similar) -> None:
        if found.features is not None:
            if found.features.space.dataset_id != self.session.dataset_id:
                return
            self.features = found.features
            if self.current_view() == MAP_VIEW:
                self._fill_map()
        if not len(found.item_ids):
            self.session.show_status(self.tr("This image is blank: nothing looks like it."), 8000)
            return
        self._set_similar((found.item_id, *found.item_ids.tolist()))
        self.view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)  # in order of similarity
        self._apply_filter()
        self.select_item(found.item_id)
        self._update_map_marks()

    def _set_similar(self, item_ids: tuple) -> None:
        self._similar = tuple(int(i) for i in item_ids)
        t = self.model.table
        if self._similar and t is not None:
            row = int(self.model.rows_of_items([self._similar[0]])[0])
            name = str(t.path[row]).rsplit("/", 1)[-1]
            name = self.similar_chip.fontMetrics().elidedText(name, Qt.ElideMiddle, 120)
            self.similar_chip.setText(self.tr("Like %1  ✕").replace("%1", name))
        self.similar_chip.setVisible(bool(self._similar))

    def clear_similar(self) -> None:
        """Show every item again after "Find Similar"."""
        self._set_similar(())
        self._apply_filter()

    def _selected_files(self) -> list[str]:
        """The file of the current item (an IDX or NPZ item's is its array file)."""
        item_id = self.current_item_id()
        t, source = self.model.table, self.model.source
        if item_id is None or t is None or source is None:
            return []
        row = int(self.model.rows_of_items([item_id])[0])
        return [str(source.file_of(str(t.path[row])))]

    def _update_shown_count(self) -> None:
        total = len(self.model.table) if self.model.table is not None else 0
        shown = self.model.rowCount()
        self.shown_label.setText(self.tr("%1 of %2 shown").replace("%1", f"{shown:,}").replace("%2", f"{total:,}")
                                 if shown != total else self.tr("%1 items").replace("%1", f"{total:,}"))

    @Slot(str)
    def _on_summary_link(self, link: str) -> None:
        kind, _, value = link.partition(":")
        if kind == "label":
            self.set_filter(label=value)
        elif kind == "status":
            self.set_filter(status=value)
        elif kind == "issue":
            self.set_filter(issue=value)

    def _update_summary(self) -> None:
        t = self.model.table
        if t is None:
            self.summary.clear()
            return

        def link(href: str, text: str, count: int) -> str:
            return f"<a href='{href}' style='color:#1d4ed8;text-decoration:none'>{text}</a>&nbsp;{count:,}"

        labels = " · ".join(link(f"label:{v}", v or self.tr("(no label)"), c)
                            for v, c in self.model.label_counts().items())
        n_corrupt = int((t.status != "ok").sum())
        n_excluded = int((~t.included).sum())
        n_edited = int((t.label != t.original_label).sum())
        status = " · ".join([link("status:ok", self.tr("readable"), len(t) - n_corrupt),
                             link("status:corrupt", self.tr("corrupt"), n_corrupt),
                             link("status:excluded", self.tr("excluded"), n_excluded),
                             link("status:edited", self.tr("labels changed"), n_edited)])
        # translated outside the f-strings: lupdate does not see tr() calls inside them
        labels_title, status_title, scan_title = self.tr("Labels"), self.tr("Status"), self.tr("Scan")
        labels = labels or self.tr("none")
        parts = [f"<b>{labels_title}</b>: {labels}", f"<b>{status_title}</b>: {status}"]
        issues = self.model.issues
        if issues is not None:
            scan = " · ".join(link(f"issue:{k}", issue_name(k), int(m.sum())) for k, m in issues.masks.items())
            scan = scan or self.tr("no issues found")
            parts.append(f"<b>{scan_title}</b>: {scan}")
        else:
            no_scan = self.tr("No quality scan yet: run one in Cleaning")
            parts.append(f"<span style='color:#64748b'>{no_scan}</span>")
        self.summary.setText("&nbsp;&nbsp;&nbsp;".join(parts))

    # ----- selection and detail --------------------------------------------------------------
    def current_item_id(self) -> Optional[int]:
        index = self.view.currentIndex()
        if not index.isValid() or self.model.table is None or index.row() >= self.model.rowCount():
            return None
        return self.model.item_id(index.row())

    def select_position(self, position: int) -> None:
        index = self.model.index(position, PATH)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        # scroll to the row by its first column: scrolling to PATH while the view is still narrow
        # would leave the checkbox and thumbnail columns scrolled out of sight
        self.view.scrollTo(self.model.index(position, INCLUDED))

    def select_item(self, item_id: int) -> bool:
        position = self.model.position_of_item(item_id)
        if position >= 0:
            self.select_position(position)
        return position >= 0

    def selected_item_ids(self) -> np.ndarray:
        """Ids of the selected items, from the selection's ranges (no index per row at 200k)."""
        if self.model.table is None:
            return np.zeros(0, np.int64)
        positions = [np.arange(r.top(), r.bottom() + 1) for r in self.view.selectionModel().selection()]
        if not positions:
            current = self.view.currentIndex()
            positions = [np.array([current.row()])] if current.isValid() else []
        if not positions:
            return np.zeros(0, np.int64)
        unique = np.unique(np.concatenate(positions))
        return self.model.table.ids[self.model.visible[unique]]

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        item_id = self.current_item_id()
        if item_id is None:
            self.detail.clear()
            return
        t = self.model.table
        row = int(self.model.rows_of_items([item_id])[0])
        issues = self.model.issues.item_issues(row) if self.model.issues is not None else []
        self.detail.show_item(t, row, issues)
        if t.status[row] != "ok":
            self.detail.show_no_picture(self.tr("No picture: the file cannot be read"))
            return
        if self.model.source is None:
            self.detail.show_no_picture(self.tr("The dataset's files cannot be found"))
            return
        pixmap = self.thumbnails.cached(item_id, PREVIEW_SIZE)
        if pixmap is not None:
            self.detail.show_pixmap(pixmap)
        else:
            self.thumbnails.request(item_id, self.model.source, str(t.path[row]), PREVIEW_SIZE)

    @Slot(object)
    def _on_thumbnails_ready(self, item_ids: list) -> None:
        if self.detail.item_id is None or self.detail.item_id not in item_ids:
            return
        pixmap = self.thumbnails.cached(self.detail.item_id, PREVIEW_SIZE)
        if pixmap is not None:
            self.detail.show_pixmap(pixmap)
        elif self.thumbnails.error(self.detail.item_id, PREVIEW_SIZE):
            self.detail.show_no_picture(self.thumbnails.error(self.detail.item_id, PREVIEW_SIZE))

    def _context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.include_action)
        menu.addAction(self.exclude_action)
        menu.addSeparator()
        menu.addAction(self.label_action)
        menu.addAction(self.copy_action)
        menu.addSeparator()
        menu.addAction(self.similar_action)
        menu.addAction(self.reveal_action)
        return menu

    def _show_context_menu(self, pos, viewport=None) -> None:
        if not len(self.selected_item_ids()):
            return
        self._context_menu().exec((viewport or self.view.viewport()).mapToGlobal(pos))

    # ----- edits -----------------------------------------------------------------------------
    @Slot(object, str)
    def set_labels(self, item_ids, label: str) -> None:
        """Give ``item_ids`` the label ``label`` ("" removes it), as one undoable command."""
        self._push_edit(set_labels_command, self._apply_labels, "label", item_ids, label)

    @Slot(object, bool)
    def set_included(self, item_ids, include: bool) -> None:
        """Include or exclude ``item_ids``, as one undoable command."""
        self._push_edit(set_included_command, self._apply_included, "included", item_ids, include)

    def _push_edit(self, command, apply, column: str, item_ids, value) -> None:
        item_ids = np.asarray(item_ids, np.int64)
        if self.model.table is None or not len(item_ids):
            return
        old = getattr(self.model.table, column)[self.model.rows_of_items(item_ids)].tolist()
        self.session.undo_stack.push(command(apply, item_ids, old, value))

    def _apply_labels(self, item_ids: np.ndarray, labels: list) -> None:
        if not self._catalog_write(self.session.catalog.set_labels, item_ids, labels):
            return
        self.model.update_labels(item_ids, labels)
        self._after_edit()

    def _apply_included(self, item_ids: np.ndarray, flags: list) -> None:
        if not self._catalog_write(self.session.catalog.set_included, item_ids, flags):
            return
        self.model.update_included(item_ids, flags)
        self._after_edit()

    def _catalog_write(self, write, item_ids, values) -> bool:
        if self.session.catalog is None or self.session.dataset_id is None:
            return False
        try:
            write(self.session.dataset_id, item_ids.tolist(), values)
        except UserError as exc:  # read-only or locked project: say so, leave the view unchanged
            self.session.report_error(self.tr("Edit"), str(exc))
            return False
        return True

    def _after_edit(self) -> None:
        self._fill_filters()
        self._update_summary()
        self._show_detail()
        self._colour_map()
        self._editing = True
        try:
            self.session.notify_items_changed()
        finally:
            self._editing = False

    def toggle_selected(self) -> None:
        ids = self.selected_item_ids()
        if len(ids):
            included = self.model.table.included[self.model.rows_of_items(ids)]
            self.set_included(ids, not bool(included.all()))

    def include_selected(self, include: bool) -> None:
        ids = self.selected_item_ids()
        if len(ids):
            self.set_included(ids, include)

    def label_selected(self) -> None:
        ids = self.selected_item_ids()
        if not len(ids):
            return
        labels = [label for label in self.model.labels()[1] if label]
        current = str(self.model.table.label[self.model.rows_of_items(ids[:1])][0])
        label, ok = QInputDialog.getItem(
            self, self.tr("Set Label"), self.tr("Label for %n selected item(s) (empty removes it):", "", len(ids)),
            labels, labels.index(current) if current in labels else 0, True)
        if ok:
            self.set_labels(ids, label.strip())

    def copy_selected_paths(self) -> None:
        ids = self.selected_item_ids()
        paths = self.model.table.path[self.model.rows_of_items(ids)]
        QApplication.clipboard().setText("\n".join(str(p) for p in paths))

    def shutdown(self) -> None:
        self.thumbnails.shutdown()
        self.grid_thumbnails.shutdown()
        self.grid.hide_zoom()


def main() -> int:  # pragma: no cover - a manual look at the panel on the demo dataset
    from aigc_desktop.qt.app import create_app
    from aigc_desktop.qt.main_window import MainWindow

    app = create_app()
    window = MainWindow()
    window.show()
    window.open_demo()
    window.tabs.setCurrentWidget(window.panels["data"])
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
