<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PySide6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Python</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline experiments with generative image models, where data quality comes first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplyPage</name>
    <message>
        <source>Applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new version is the dataset&apos;s current state. Save the report of what changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;Markdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;HTML…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applying the plan…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1 created: %2 excluded, %3 relabelled, %4 converted or resized; %5 of %6 items included.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not apply the plan: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Cleaning Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BalanceChart</name>
    <message>
        <source>included items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckText</name>
    <message>
        <source>Corrupt files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file could not be decoded as an image (the reason is given).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exact duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identical decoded pixels, whatever the file format or bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Near duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same picture re-encoded, shifted, re-lit or rescaled slightly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same or almost the same image filed under different labels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An unlabelled item in a dataset whose other items are labelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspected label errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confident learning on out-of-fold predictions of a locally trained classifier finds the given label unlikely; a label is suggested.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Odd sizes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width and height differ from the dataset&apos;s dominant size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Odd colour modes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour mode (L, RGB, RGBA, ...) differs from the dataset&apos;s dominant mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blank images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constant or almost constant pixels: no information.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Much darker than the dataset&apos;s typical image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Much lighter (washed out) than the dataset&apos;s typical image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blurry images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Much less fine detail than the dataset&apos;s typical image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outliers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Far from every other item: noise, patterns or another domain.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChecksPage</name>
    <message>
        <source>Choose the checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every check scores each item; you adjust the thresholds after the scan. Near duplicates, label conflicts, label errors and outliers compare every image with its neighbours and take longer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quick checks only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave out the checks that compare images with each other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;All checks</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CleaningActions</name>
    <message>
        <source>Leave as is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep one per group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep one if the classifier confirms its label, else exclude the group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relabel to the suggestion (exclude if unsure)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convert to the dominant colour mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resize to the dominant size</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CleaningPanel</name>
    <message>
        <source>Cleaning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan and Clean…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find dirty data, review it and clean it into a new version (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept, relabelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items used for training in this version, of all items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Included items whose label differs from the imported one, when the version was made (the Data panel&apos;s “labels changed” also counts excluded items and later edits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revert to This Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the selected version current again (recorded as a new version, so nothing is lost)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Version…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the kept items of the selected version as new PNG files, one folder per label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or import a dataset first (File ▸ Import Dataset, or File ▸ Open Demo Dataset).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset versions (version 0 is the import; the current one is in bold)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not scanned yet. Press Scan and Clean to find corrupt files, duplicates, label errors and outliers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no issues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest scan (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reverted to version %1 (recorded as version %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Version — choose an empty folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported version %1: %2 files in %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (%1 unreadable items skipped)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CleaningWizard</name>
    <message>
        <source>Scan and Clean — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareRuns</name>
    <message>
        <source>The metric the bar chart compares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The per-epoch value whose curves are overlaid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Curve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the samples are measured against: the run&apos;s own validation split of the current dataset, or a trusted dataset of this project (e.g. a test set) that no run trained on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the evaluation; nothing is written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memorised Samples…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected run&apos;s samples that copy a training image, each beside the image it copies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every run of this project; click a header to sort, select two runs to compare them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hyper-parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure against:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs yet: train a model in the Training tab, then compare runs here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics are measured on features of a network trained locally on this project&apos;s data (no downloaded weights): compare runs with each other, not with published FID values. Hover a value for its 95% interval and the score real images get; select two runs to compare them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none measured yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the run&apos;s validation split of the current dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dataset: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (conditional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-evaluate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample this run and measure the samples against the current dataset (runs in the background; the result is saved in the run folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No run has been evaluated yet. Press Evaluate beside a run to measure its samples; the runs&apos; metrics are compared here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No run has a value for this metric yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a dataset to evaluate runs against.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluating %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training the feature extractor (once per dataset version): epoch %1 of %2, about %3 s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measuring the samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the feature extractor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluated %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluating %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate both runs to compare them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>better</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>worse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 → %3 (95% interval of the difference %4 to %5): %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 against %2:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no clear difference on any metric (every 95% interval of the difference includes 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two runs were measured against different held-out images: compare them only roughly.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Internal error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong inside AIGC Desktop: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your data and projects were not changed. The details were saved to the file below; please include them when you report the problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log folder cannot be written; copy the details to keep them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the full report (traceback, versions, command line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the folder with the crash logs in the file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset of the project to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by path or label (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows the items whose path or label contains this text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show one label only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show readable, corrupt, included, excluded or edited items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Readable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrupt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edited labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show one kind of problem (run a quality scan in Cleaning to find more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear every filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the items most like one item, most similar first; click to show every item again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every item as a row (Alt+1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Large thumbnails; rest the pointer on one to see it larger (Alt+2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every item as a point: look-alikes sit together (Alt+3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop reading the images&apos; features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Picture size (Ctrl+wheel over the grid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rest the pointer on a picture to see it larger; double-click opens it in the table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour the points by their label or by what the quality scan found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show every point (0, or double-click an empty spot); zoom with the wheel or + and −, drag to pan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include / Exclude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclude the selected items, or include them again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the selected items out of training and cleaning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the selected items again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set Label…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give every selected item the same label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Paths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the paths of the selected items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find Similar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the items that look most like this one, most similar first (in the feature space of the quality scan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placing the items on the map…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the images&apos; features…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. Show the map again to place the items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The map could not be made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 items; look-alikes sit together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placed by the image features of the latest quality scan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placed by image features read just now (a full quality scan keeps them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A principal component analysis of the features the duplicate and outlier checks compare: the two directions in which the images differ most.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n unreadable item(s) have no place.</source>
        <translation>
            <numerusform>%n unreadable item has no place.</numerusform>
            <numerusform>%n unreadable items have no place.</numerusform>
        </translation>
    </message>
    <message>
        <source>no quality scan yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The filters were cleared to show the item you clicked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file cannot be read, so nothing can be compared with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding the items most like %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This image is blank: nothing looks like it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Like %1  ✕</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>labels changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no label)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a label or a problem to show only those items. “Labels changed” counts every item whose label differs from the imported one, excluded items included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>readable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrupt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>excluded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no issues found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No quality scan yet: run one in Cleaning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No picture: the file cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset&apos;s files cannot be found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Label for %n selected item(s) (empty removes it):</source>
        <translation>
            <numerusform>Label for %n selected item (empty removes it):</numerusform>
            <numerusform>Label for %n selected items (empty removes it):</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Start with some data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the built-in demo dataset (handwritten digits with planted dirt), import a folder of images, or open a project.
You can also drop a folder or a dataset file anywhere on this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the Demo Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the demo dataset to your data folder and open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a Dataset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A folder of images, a folder per class, a CSV manifest, an MNIST IDX file or an .npz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a Project…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExperimentView</name>
    <message>
        <source>Which dirt rate the table and the sample grids show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dirt rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean over the seeds [95% interval]; hover a value for how it was computed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dirty (version 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleaned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Robust (down-weighted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No readable experiment.json in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as it is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 vs dirty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>what held-out real images score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>better</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dirty data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cleaned data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>robust training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>worse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no clear difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 images of the reference dataset %2, which no run trains on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 images of the clean dataset set aside before any dirt was planted or any training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 images drawn at random, before any training, from the items both versions keep: no trusted reference was given, so the evaluation shares the cleaning&apos;s judgement of what is clean (pass a reference dataset for an independent check)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every readable item of the dirty data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the dirty data, suspect items down-weighted by their scan scores (weight 1 at score 0 down to %1 at the flag threshold; a duplicate group weighs as one item)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; the dirty data are version %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the default cleaning plan, computed for the experiment (nothing written): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>version %1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>95% CI %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 vs %2: %3 %4 → %5 (difference %6, %7): %8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 vs %2: no clear difference in %3 (the 95% interval of each difference includes 0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At dirt rate %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every run was given %1 optimizer steps of batch %2; seeds %3, each training all three variants.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every run was given %1 optimizer steps of batch %2; seed %3, each training all three variants.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some runs stopped earlier: see the runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measured against %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One seed: the intervals hold the noise of measuring the samples, not the run-to-run noise of training; use several seeds before trusting a difference.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The intervals combine the spread over the %1 seeds with the bootstrap noise of each measurement; a verdict is given only where the interval of the difference excludes 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given only where the 95% interval of the difference excludes 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no samples</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExperimentWizard</name>
    <message>
        <source>Dirty vs. Clean Experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VAE (variational autoencoder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GAN (DCGAN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples generated from each run to measure it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples to measure:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run Experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a dataset first (File ▸ Import Dataset or Open Demo Dataset).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset: %1 — the results go to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the experiment (Esc); finished runs stay on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning the data for problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Does cleaning this dataset make a better generator?&lt;/h3&gt;&lt;p&gt;The same model is trained on the &lt;b&gt;dirty&lt;/b&gt; data (version 0, the import), on the &lt;b&gt;cleaned&lt;/b&gt; data, and on the dirty data with suspect items &lt;b&gt;down-weighted&lt;/b&gt; (robust training), once per seed, every run with the same number of optimizer steps. All runs are measured against the same held-out real images; a difference is called only where its 95% interval excludes 0.&lt;/p&gt;&lt;p&gt;The result is reported as measured, whichever way it goes.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reading the clean data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reading the two versions and scanning them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reading the reference data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training the feature extractor on trusted images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>feature extractor ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>experiment finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>generating and measuring samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training on %1 images for %2 optimizer steps of batch %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch %1, step %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffusion (rectified flow U-Net)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model trained in every run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The budget: this many passes over the dirty training set fix the optimizer steps every run gets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One run per seed and variant; three seeds let the intervals include the run-to-run noise of training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class-conditional (needs labels; measures label consistency)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dirty data: version 0 (the import) unless you choose another</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cleaned data: the current version, or the default cleaning plan computed for the experiment (nothing is written)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted images no run trains on (e.g. a test set); without one, a random part of the items both versions keep is held out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off, e.g. 0,0.1,0.3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dose-response: treat this dataset as clean, plant dirt at each rate (0.1 = as many dirty files as 10% of the clean images) and run the experiment at each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Budget (epochs of the dirty data):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seeds:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dirty data:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleaned data:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure against:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plant dirt at rates:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>version %1 (%2): %3 items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the default cleaning plan (computed, nothing written)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a held-out part of the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dataset: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a dataset first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seeds are whole numbers separated by commas, e.g. 0,1,2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dirt rates are numbers separated by commas, e.g. 0,0.1,0.3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dose-response: the dataset is taken as clean; dirt is planted into a copy at each rate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dirty: %1 items. Cleaned: the default plan&apos;s count, known once the data are scanned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dirty: %1 items. Cleaned: %2 items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both sides hold %1 items with the same labels: there is nothing to compare. Apply a cleaning first (Cleaning tab), or choose two different versions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the reference data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planting dirt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting aside held-out images for evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training the feature extractor for the metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measuring the run on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch %1 of %2, about %3 s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, seed %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, seed %2, dirt rate %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[%1] epoch %2/%3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed %1 at %2 dirt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The experiment ended without a result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The experiment failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. Runs finished so far are kept in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved in %1 (experiment.json, summary.md, one run folder each)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GalleryPanel</name>
    <message>
        <source>Gallery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The training run whose samples are shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fixed-noise grid the trainer saved after each epoch, or the samples generated here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look for new runs and epochs (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dirty vs. Clean Experiment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train the same model on the dirty and the cleaned data with the same seed and budget, and measure both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latent Space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconstructions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Experiments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No training runs in this project yet.

Train a VAE, GAN or diffusion model in the Training tab: its samples, epoch by epoch, appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The experiments of this project, newest first (the wizard&apos;s and those run with &apos;aigc experiment&apos; into the project&apos;s folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No experiments in this project yet: run one with the Dirty vs. Clean Experiment button above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Experiment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many samples to generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The noise seed: the same seed gives the same samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For a class-conditional model: generate this class only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate N more samples with this seed (Ctrl+G)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images in the interpolation strip, ends included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interpolate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select two samples, then decode the path between their latent codes (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the selected samples as PNG files that record their run, checkpoint, seed and latent code (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AI badge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also stamp a small visible &quot;AI&quot; mark in the corner of each exported image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample size (Ctrl+wheel over the grid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classifier-free guidance scale towards the class (an unconditional model: towards a cluster of its training images, drawn from the noise): 0 is unconditional, 1 the plain conditional model, higher follows it more closely with less variety</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denoising steps per sample: more are slower and a little finer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denoising Trajectory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select one sample, then show how it emerged from its noise, step by step (Ctrl+T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guidance:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denoising steps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop sampling (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many random dataset items to reconstruct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconstruct Random Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encode random included items of the current dataset and decode them again: each tile is the input (left) beside its reconstruction (right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading this project&apos;s runs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2, %3 epochs, %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch %1 grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All classes (cycled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>— (unconditional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a VAE has a latent space with an encoder and a prior to explore; this run is a %1. Use Interpolate in the Samples tab to walk its noise space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run has no checkpoint yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Generate to draw new samples from this run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 fixed-noise samples of epoch %2 (the same noise every epoch, so epochs compare).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating %1 samples…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated %1 samples with seed %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select exactly two samples (Ctrl+click) to interpolate between.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two samples are of different classes: the path keeps the first one&apos;s class.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interpolation from #%1 to #%2 (spherical, %3 steps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select one sample to see how it was denoised.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denoising sample #%1 step by step…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denoising trajectory of #%1: from its noise (left) to the image (right), %2 frames over %3 steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconstructing random items…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 items: each tile is the input (left) beside the VAE&apos;s reconstruction (right).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Samples To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the samples to export first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1 PNG files with provenance to %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GridModel</name>
    <message>
        <source>(no label)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GridView</name>
    <message>
        <source>No picture: the file cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HyperparameterTable</name>
    <message>
        <source>Only what differs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the settings every run shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings of each run; right-click a run to show its folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every run has the same settings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Hyperparameters</name>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time budget (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critic learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latent size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critic width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoder width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>β (KL weight)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KL warm-up steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fitted prior</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GAN loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spectral norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-conditioning clusters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objective</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampler steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guidance scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label dropout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight average decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam β1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam β2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early-stopping patience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mixed precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssueText</name>
    <message>
        <source>corrupt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exact duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>near duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>label conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>suspected label error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>odd size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>odd colour mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blurry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outlier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>truncated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsupported colour mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreadable path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is empty (0 bytes): it was probably never fully written or downloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file starts like an image but ends early or is damaged, so it cannot be decoded completely. Re-download or re-export it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has an image name but its content is not in any image format (it may be text, HTML or another kind of file).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image uses a colour mode that cannot be converted to grey, RGB or RGBA without changing its colours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The image is too large to decode safely (it may be a decompression bomb).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be read: permission denied. Check its access rights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be opened: it was moved or deleted, or its path cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 files with identical pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>like %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>labels %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, unusual area or aspect ratio for this dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, most items are %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreadable now (changed or removed since the import)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ItemDetail</name>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an item to see it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (edited; imported as %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no — the file cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no — excluded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrupt: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>readable</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>readable; %n issue(s) found by the scan</source>
        <translation>
            <numerusform>readable; %n issue found by the scan</numerusform>
            <numerusform>readable; %n issues found by the scan</numerusform>
        </translation>
    </message>
    <message>
        <source>Outside the dataset root: this file lives elsewhere on disk (reached through a link or a manifest row). It is kept, and only ever read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested label: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ItemMap</name>
    <message>
        <source>(no label)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… %1 more labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no problem found</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ItemTableModel</name>
    <message>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outside the dataset root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status / issues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Included in training (Space toggles, Del excludes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbnail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path relative to the dataset folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current label (double-click or F2 to edit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width × height in pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour mode: L grey, RGB, RGBA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the item could not be read, or what the quality scan found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not in training: the file cannot be read, whatever its tick says</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excluded from training and cleaning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edited; the imported label was %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outside the dataset root: this file lives elsewhere on disk (reached through a link or a manifest row). It is kept, and only ever read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LatentExplorer</name>
    <message>
        <source>Choose a VAE run to explore its latent space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This VAE has %1 latent dimensions: the plane moves the first two, the other %2 stay at 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The plane is the whole 2-D latent space, from -3 to +3 standard deviations of the prior.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LatentPlane</name>
    <message>
        <source>Drag over the plane (or use the arrow keys) to decode that latent point</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>detecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create an empty project file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project file (.aigc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import Dataset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a folder, CSV, IDX or NPZ dataset to the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Demo Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handwritten digits with planted dirt of every kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About AIGC Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running import (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where models train: a CUDA GPU when present, else the CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Dataset — choose a folder, or a CSV, IDX or NPZ file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Datasets (*.csv *.npz *.gz *ubyte *.idx *.aigc);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An import is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the demo dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 / %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1: %2 items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving %1 items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the images</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>CPU (%n thread(s))</source>
        <translation>
            <numerusform>CPU (%n thread)</numerusform>
            <numerusform>CPU (%n threads)</numerusform>
        </translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import cancelled; the project is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 items · %2 corrupt · %3 excluded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language is used from the next start of AIGC Desktop.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MembersDelegate</name>
    <message>
        <source>+%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemorisedDialog</name>
    <message>
        <source>Memorised samples of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each sample the evaluation flagged as a copy, beside the training image it copies. A duplicated training image is the one a generator learns to copy: clean its duplicate group.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How it was found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not in this dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sample %1 → training image %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pixel copy, moved by (%1, %2) px; ratio %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>feature-space copy; ratio %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in duplicate group %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <source>label consistency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off-manifold hallucination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>semantic hallucination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memorisation rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data-copying C_T</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local FD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local KID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coverage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>α-precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>β-recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class coverage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class KL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>higher is better</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closer to 0 is better</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lower is better</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>95% interval: %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>real-vs-real floor: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlotControls</name>
    <message>
        <source>Log scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A logarithmic y axis: losses that fall by orders of magnitude stay readable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smoothing </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smoothing, as in TensorBoard: an exponential moving average of the values (0 shows them raw); the raw curve stays faint behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plot against epochs or against optimizer steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is changed yet. Apply creates a new dataset version; the original files are never touched and every version can be reverted to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Included now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Included after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relabelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Converted or resized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Class balance (included items per label)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Odd modes convert to %1, odd sizes resize to %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Reveal</name>
    <message>
        <source>Reveal in Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show it in the system&apos;s file manager (Ctrl+Shift+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 no longer exists</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewModel</name>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members (green = kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Act</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a copy to keep only that one; Ctrl+click adds it or drops it (a group keeps at least one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why / suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unchecked: the rule of this issue type leaves this item alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How sure the classifier is of the suggested label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>suggested %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review the issues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick an issue type, set its threshold and what to do with it. Uncheck an item to leave it alone; in a group, click a copy to keep only that one (Ctrl+click adds it or drops it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items scoring at least this much are flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happens to every flagged item of this type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relabel only when the classifier is at least this sure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A group keeps at least one picture: to drop a whole group, choose the action Exclude.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review with the keyboard: A accepts (the action applies), R rejects (the item is left alone), and both move to the next row; ↑ and ↓ move; in a group, 1–9 keep only its n-th picture and Ctrl+1–9 add it or drop it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys: A accept · R reject (leave alone) · ↑ ↓ move · 1–9 keep a group&apos;s picture (Ctrl+1–9: several)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A yes/no check: every item it finds is flagged, there is no threshold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flagged:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relabel confidence:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 left alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 copies dropped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>Run history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick runs to compare their curves; select one to see its samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume the selected stopped run from its last checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) on %1 in %2</source>
        <translation type="unfinished">
            <numerusform>%n run on %1 in %2</numerusform>
            <numerusform>%n runs on %1 in %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) in %1</source>
        <translation>
            <numerusform>%n run in %1</numerusform>
            <numerusform>%n runs in %1</numerusform>
        </translation>
    </message>
    <message>
        <source>No runs on %1 yet: its finished and stopped runs appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs yet: finished and stopped runs of this project appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more on the project&apos;s other datasets (choose one above to see them).</source>
        <translation type="unfinished">
            <numerusform>%n more on the project&apos;s other datasets (choose one above to see them).</numerusform>
            <numerusform>%n more on the project&apos;s other datasets (choose one above to see them).</numerusform>
        </translation>
    </message>
    <message>
        <source>epochs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <source>completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>diverged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunText</name>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconstruction loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KL divergence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discriminator loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>generator loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>images/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sample diversity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sample distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class sample diversity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconstruction diversity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffusion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hinge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Binary cross-entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rectified flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Noise prediction, cosine schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Euler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto (CUDA when present)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the loss became NaN or infinite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the gradient norm exploded (%1 &gt; %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another process&apos;s loss became NaN or infinite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped early after epoch %1: the validation loss had not improved for %2 epochs (best: epoch %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped in epoch %1 at step %2 of %3; “Continue” resumes there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped in epoch %1 at step %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs trained: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped at the step budget after %1 optimizer steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped at the time budget after %1 optimizer steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training diverged in epoch %1 at step %2: %3. The run was stopped; the last good checkpoint (epoch %4) is kept. Try a lower learning rate.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SampleGridModel</name>
    <message>
        <source>generated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interpolation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input | reconstruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SampleView</name>
    <message>
        <source>Look back at the samples of earlier epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples appear here after each epoch: the same fixed noise every time, so you can watch the model learn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples after epoch %1 (the newest)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples after epoch %1 (the newest is epoch %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run saved no samples.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScanPage</name>
    <message>
        <source>Scanning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The files are only read. You can cancel at any time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparing the images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying near duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cross-validating a classifier of the labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel Scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the scan; nothing is changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Scan Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 / %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no issues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan finished in %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found: %1. Press Next to review them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scan failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan cancelled; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScoreHistogram</name>
    <message>
        <source>How the scores are spread: the orange bars are the flagged items. Click or drag to move the threshold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Scores %1–%2: %n item(s)</source>
        <translation>
            <numerusform>Scores %1–%2: %n item</numerusform>
            <numerusform>Scores %1–%2: %n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainingForm</name>
    <message>
        <source>VAE (variational autoencoder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DCGAN (generative adversarial network)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffusion (rectified flow U-Net)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A VAE trains steadily and can reconstruct; a GAN gives sharper samples; a diffusion model gives the most faithful samples and, conditional, draws the class asked for, but samples in several denoising steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditional on the labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train one model per class label, so samples can be asked for by label (needs labelled data; unlabelled items are left out)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto (from the data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images are resized to this side length before training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About a minute on a laptop CPU: a first look, still blurry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The default: legible, varied samples in a few minutes on a laptop CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About three times longer than Balanced, for the sharpest samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom (epochs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train for the number of epochs you set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long to train: a preset is a number of optimizer steps, whatever the size of the data; set the epochs yourself for a custom length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passes over the training images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer steps, and the time they take: measured on this computer once a run of this model has finished here, estimated before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images per optimisation step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam&apos;s learning rate; lower it if training diverges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size of the latent code the images are generated from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight of the KL term: 1 is the plain VAE, above 1 a β-VAE (smoother latent space, blurrier images)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The GAN objective: hinge is the stable default, WGAN-GP the most robust against mode collapse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 steps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the denoising network learns: rectified flow trains faster and samples well in fewer steps (the default, as measured)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denoising steps per sample: more are slower and somewhat sharper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classifier-free guidance of the samples towards their class (an unconditional model: towards a cluster of the training images, drawn from the noise): 0 ignores it, 1 is the plain conditional model, higher draws it more surely and less diversely</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where to train; on the CPU one core is left free for the interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image &amp;size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trainin&amp;g length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latent si&amp;ze:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>β (KL &amp;weight):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GAN l&amp;oss:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diffusion &amp;objective:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denoising s&amp;teps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>G&amp;uidance scale:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>= %1 steps, about %2 min here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>= %1 steps, about %2 min on one CPU core</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset a new run trains on: its current version&apos;s included, readable images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new run trains on the current version. To train on another one, revert to it in the Cleaning tab (nothing is copied).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model and hyper-parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a new run on the current dataset (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause or resume training between two batches (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop and keep a checkpoint that “Continue” resumes from (Shift+F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model and press Start (F5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the run&apos;s health checks found; the log has every message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training losses (lines) and the validation loss (dots), by epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model and press Start (F5). Each epoch&apos;s losses, warnings and where the run is saved appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The per-epoch value to compare across the ticked runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hyper-parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dataset: import one, or open the demo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the data for a new %1 run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuing %1 from its last checkpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the first epoch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused — %p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused (the run waits between two batches; the time does not count).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping — %p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping; the last checkpoint is kept…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing data: %1 of %2 images</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>CPU, %n training thread(s)</source>
        <translation>
            <numerusform>CPU, %n training thread</numerusform>
            <numerusform>CPU, %n training threads</numerusform>
        </translation>
    </message>
    <message>
        <source>torch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting — %p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2×%2×%3 on %4 images of %5 classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2×%2×%3 on %4 images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuing %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch %1 of %2 — %p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch %1/%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device memory %1 MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>app memory %1 MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 images/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elapsed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped before training began.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diverged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the run history: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 of %3 epochs, %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingWarnings</name>
    <message>
        <source>the code carries %1 nats (%2 of %3 latent dimensions active, KL per dimension %4 nats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconstructions are %1 as varied as their inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Posterior collapse in epoch %1: %2. The decoder draws the same average image whatever the input. Lower β (KL weight), keep the KL warm-up or free bits on, or train longer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode collapse in epoch %1: the samples within each class are only %2 as varied as the training images, so the generator draws a few shapes over and over. Try a lower learning rate, the WGAN-GP loss, or more data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode collapse in epoch %1: the samples are only %2 as varied as the training images, so the generator draws a few shapes over and over. Try a lower learning rate, the WGAN-GP loss, or more data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still improving: the validation loss fell by %1 over the last third of the run. Train longer (a bigger step budget, or the next preset) for better samples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still improving: the distance of the samples to real images fell by %1 over the last third of the run. Train longer (a bigger step budget, or the next preset) for better samples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 unlabelled images left out of conditional training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 files changed or disappeared since the dataset was imported (%2); training reads them as they are now (a missing file is left out). Import the dataset again to scan them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UndoCommands</name>
    <message numerus="yes">
        <source>Label %n item(s) as “%1”</source>
        <translation>
            <numerusform>Label %n item as “%1”</numerusform>
            <numerusform>Label %n items as “%1”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the label of %n item(s)</source>
        <translation>
            <numerusform>Remove the label of %n item</numerusform>
            <numerusform>Remove the label of %n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Include %n item(s)</source>
        <translation>
            <numerusform>Include %n item</numerusform>
            <numerusform>Include %n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exclude %n item(s)</source>
        <translation>
            <numerusform>Exclude %n item</numerusform>
            <numerusform>Exclude %n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VersionText</name>
    <message>
        <source>import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cleaning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>manual edits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the import as it was</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cleaned: %1 excluded, %2 relabelled, %3 converted or resized; %4 of %5 included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>manual edits since version %1 (%2 inclusion changes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revert to version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>items decided one by one: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no rule changes anything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>version %1 (%2) · %3 of %4 items included</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_Worker</name>
    <message>
        <source>Internal error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; details in %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
