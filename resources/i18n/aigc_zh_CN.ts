<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About %1</source>
        <translation>关于 %1</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>PySide6</source>
        <translation>PySide6</translation>
    </message>
    <message>
        <source>PyTorch</source>
        <translation>PyTorch</translation>
    </message>
    <message>
        <source>Compute device</source>
        <translation>计算设备</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>Offline experiments with generative image models, where data quality comes first.</source>
        <translation>离线的生成式图像模型实验，数据质量优先。</translation>
    </message>
</context>
<context>
    <name>ApplyPage</name>
    <message>
        <source>Applied</source>
        <translation>已应用</translation>
    </message>
    <message>
        <source>The new version is the dataset&apos;s current state. Save the report of what changed.</source>
        <translation>新版本即为数据集的当前状态。请保存变更报告。</translation>
    </message>
    <message>
        <source>Save &amp;Markdown…</source>
        <translation>保存 Markdown(&amp;M)…</translation>
    </message>
    <message>
        <source>Save &amp;HTML…</source>
        <translation>保存 HTML(&amp;H)…</translation>
    </message>
    <message>
        <source>Save &amp;JSON…</source>
        <translation>保存 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>Applying the plan…</source>
        <translation>正在应用方案…</translation>
    </message>
    <message>
        <source>Version %1 created: %2 excluded, %3 relabelled, %4 converted or resized; %5 of %6 items included.</source>
        <translation>已创建版本 %1：排除 %2 个，改标 %3 个，转换或缩放 %4 个；包含 %5 / %6 个条目。</translation>
    </message>
    <message>
        <source>Could not apply the plan: %1</source>
        <translation>无法应用方案：%1</translation>
    </message>
    <message>
        <source>Save Cleaning Report</source>
        <translation>保存清洗报告</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>BalanceChart</name>
    <message>
        <source>included items</source>
        <translation>纳入的条目</translation>
    </message>
    <message>
        <source>before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>after</source>
        <translation>之后</translation>
    </message>
</context>
<context>
    <name>CheckText</name>
    <message>
        <source>Corrupt files</source>
        <translation>损坏的文件</translation>
    </message>
    <message>
        <source>The file could not be decoded as an image (the reason is given).</source>
        <translation>文件无法解码为图像（会给出原因）。</translation>
    </message>
    <message>
        <source>Exact duplicates</source>
        <translation>完全重复</translation>
    </message>
    <message>
        <source>Identical decoded pixels, whatever the file format or bytes.</source>
        <translation>解码后的像素完全相同，无论文件格式或字节如何。</translation>
    </message>
    <message>
        <source>Near duplicates</source>
        <translation>近似重复</translation>
    </message>
    <message>
        <source>The same picture re-encoded, shifted, re-lit or rescaled slightly.</source>
        <translation>同一张图片经过重新编码、轻微平移、调整光照或缩放。</translation>
    </message>
    <message>
        <source>Label conflicts</source>
        <translation>标签冲突</translation>
    </message>
    <message>
        <source>The same or almost the same image filed under different labels.</source>
        <translation>相同或几乎相同的图像被归入不同的标签。</translation>
    </message>
    <message>
        <source>Missing labels</source>
        <translation>缺失标签</translation>
    </message>
    <message>
        <source>An unlabelled item in a dataset whose other items are labelled.</source>
        <translation>在其他条目都有标签的数据集中，一个没有标签的条目。</translation>
    </message>
    <message>
        <source>Suspected label errors</source>
        <translation>疑似标签错误</translation>
    </message>
    <message>
        <source>Confident learning on out-of-fold predictions of a locally trained classifier finds the given label unlikely; a label is suggested.</source>
        <translation>基于本地训练分类器的折外预测进行置信学习，认为给定的标签不太可能正确；并给出建议的标签。</translation>
    </message>
    <message>
        <source>Odd sizes</source>
        <translation>尺寸异常</translation>
    </message>
    <message>
        <source>Width and height differ from the dataset&apos;s dominant size.</source>
        <translation>宽度和高度与数据集的主要尺寸不同。</translation>
    </message>
    <message>
        <source>Odd colour modes</source>
        <translation>颜色模式异常</translation>
    </message>
    <message>
        <source>Colour mode (L, RGB, RGBA, ...) differs from the dataset&apos;s dominant mode.</source>
        <translation>颜色模式（L、RGB、RGBA 等）与数据集的主要模式不同。</translation>
    </message>
    <message>
        <source>Blank images</source>
        <translation>空白图像</translation>
    </message>
    <message>
        <source>Constant or almost constant pixels: no information.</source>
        <translation>像素恒定或几乎恒定：没有信息。</translation>
    </message>
    <message>
        <source>Dark images</source>
        <translation>过暗图像</translation>
    </message>
    <message>
        <source>Much darker than the dataset&apos;s typical image.</source>
        <translation>比数据集的典型图像暗得多。</translation>
    </message>
    <message>
        <source>Light images</source>
        <translation>过亮图像</translation>
    </message>
    <message>
        <source>Much lighter (washed out) than the dataset&apos;s typical image.</source>
        <translation>比数据集的典型图像亮得多（发白）。</translation>
    </message>
    <message>
        <source>Blurry images</source>
        <translation>模糊图像</translation>
    </message>
    <message>
        <source>Much less fine detail than the dataset&apos;s typical image.</source>
        <translation>细节比数据集的典型图像少得多。</translation>
    </message>
    <message>
        <source>Outliers</source>
        <translation>离群项</translation>
    </message>
    <message>
        <source>Far from every other item: noise, patterns or another domain.</source>
        <translation>与其他所有条目都相距很远：噪声、图案或来自其他领域。</translation>
    </message>
</context>
<context>
    <name>ChecksPage</name>
    <message>
        <source>Choose the checks</source>
        <translation>选择检查项</translation>
    </message>
    <message>
        <source>Every check scores each item; you adjust the thresholds after the scan. Near duplicates, label conflicts, label errors and outliers compare every image with its neighbours and take longer.</source>
        <translation>每项检查都会给每个条目打分；扫描后可以调整阈值。近似重复、标签冲突、标签错误和离群值需要把每张图像与其近邻比较，耗时更长。</translation>
    </message>
    <message>
        <source>&amp;Quick checks only</source>
        <translation>仅快速检查(&amp;Q)</translation>
    </message>
    <message>
        <source>Leave out the checks that compare images with each other</source>
        <translation>跳过需要相互比较图像的检查</translation>
    </message>
    <message>
        <source>&amp;All checks</source>
        <translation>全部检查(&amp;A)</translation>
    </message>
</context>
<context>
    <name>CleaningActions</name>
    <message>
        <source>Leave as is</source>
        <translation>保持不变</translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation>排除</translation>
    </message>
    <message>
        <source>Keep one per group</source>
        <translation>每组保留一个</translation>
    </message>
    <message>
        <source>Keep one if the classifier confirms its label, else exclude the group</source>
        <translation>若分类器确认其标签则保留一个，否则排除整组</translation>
    </message>
    <message>
        <source>Relabel to the suggestion (exclude if unsure)</source>
        <translation>改为建议的标签（不确定时排除）</translation>
    </message>
    <message>
        <source>Convert to the dominant colour mode</source>
        <translation>转换为主要颜色模式</translation>
    </message>
    <message>
        <source>Resize to the dominant size</source>
        <translation>缩放到主要尺寸</translation>
    </message>
</context>
<context>
    <name>CleaningPanel</name>
    <message>
        <source>Cleaning</source>
        <translation>清洗</translation>
    </message>
    <message>
        <source>Scan and Clean…</source>
        <translation>扫描并清洗…</translation>
    </message>
    <message>
        <source>Find dirty data, review it and clean it into a new version (Ctrl+K)</source>
        <translation>查找脏数据，审查并清洗为新版本（Ctrl+K）</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Included</source>
        <translation>已纳入</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>Kept, relabelled</source>
        <translation>保留且改标</translation>
    </message>
    <message>
        <source>Items used for training in this version, of all items</source>
        <translation>此版本中用于训练的条目数 / 全部条目数</translation>
    </message>
    <message>
        <source>Included items whose label differs from the imported one, when the version was made (the Data panel&apos;s “labels changed” also counts excluded items and later edits)</source>
        <translation>创建此版本时，标签与导入时不同的已包含条目数（数据面板的“标签已改”还计入已排除的条目和之后的编辑）</translation>
    </message>
    <message>
        <source>&amp;Revert to This Version</source>
        <translation>恢复到此版本(&amp;R)</translation>
    </message>
    <message>
        <source>Make the selected version current again (recorded as a new version, so nothing is lost)</source>
        <translation>让所选版本重新成为当前版本（记录为一个新版本，不会丢失任何内容）</translation>
    </message>
    <message>
        <source>&amp;Export Version…</source>
        <translation>导出版本(&amp;E)…</translation>
    </message>
    <message>
        <source>Write the kept items of the selected version as new PNG files, one folder per label</source>
        <translation>将所选版本中保留的条目写为新的 PNG 文件，每个标签一个文件夹</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open or import a dataset first (File ▸ Import Dataset, or File ▸ Open Demo Dataset).</source>
        <translation>请先打开或导入数据集（文件 ▸ 导入数据集，或 文件 ▸ 打开演示数据集）。</translation>
    </message>
    <message>
        <source>Dataset versions (version 0 is the import; the current one is in bold)</source>
        <translation>数据集版本（版本 0 为导入时的状态；当前版本以粗体显示）</translation>
    </message>
    <message>
        <source>Not scanned yet. Press Scan and Clean to find corrupt files, duplicates, label errors and outliers.</source>
        <translation>尚未扫描。按“扫描并清洗”查找损坏文件、重复项、标签错误和离群值。</translation>
    </message>
    <message>
        <source>no issues</source>
        <translation>无问题</translation>
    </message>
    <message>
        <source>Latest scan (%1): %2</source>
        <translation>最近一次扫描（%1）：%2</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Reverted to version %1 (recorded as version %2)</source>
        <translation>已恢复到版本 %1（记录为版本 %2）</translation>
    </message>
    <message>
        <source>Export Version — choose an empty folder</source>
        <translation>导出版本 — 请选择一个空文件夹</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>导出已取消；未写入任何文件。</translation>
    </message>
    <message>
        <source>Exported version %1: %2 files in %3</source>
        <translation>已导出版本 %1：%3 中的 %2 个文件</translation>
    </message>
    <message>
        <source> (%1 unreadable items skipped)</source>
        <translation>（跳过 %1 个无法读取的条目）</translation>
    </message>
</context>
<context>
    <name>CleaningWizard</name>
    <message>
        <source>Scan and Clean — %1</source>
        <translation>扫描并清洗 — %1</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
</context>
<context>
    <name>CompareRuns</name>
    <message>
        <source>The metric the bar chart compares</source>
        <translation>柱状图比较的指标</translation>
    </message>
    <message>
        <source>The per-epoch value whose curves are overlaid</source>
        <translation>叠加显示其曲线的逐轮数值</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Curve</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>What the samples are measured against: the run&apos;s own validation split of the current dataset, or a trusted dataset of this project (e.g. a test set) that no run trained on</source>
        <translation>样本的比较对象：当前数据集中该运行自己的验证划分，或本项目中任何运行都未训练过的可信数据集（例如测试集）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the evaluation; nothing is written</source>
        <translation>停止评估；不会写入任何内容</translation>
    </message>
    <message>
        <source>Memorised Samples…</source>
        <translation>记忆样本…</translation>
    </message>
    <message>
        <source>The selected run&apos;s samples that copy a training image, each beside the image it copies</source>
        <translation>所选运行中复制了训练图像的样本，每个样本旁边显示被复制的图像</translation>
    </message>
    <message>
        <source>Every run of this project; click a header to sort, select two runs to compare them</source>
        <translation>本项目的所有运行；点击表头排序，选择两个运行进行比较</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Hyper-parameters</source>
        <translation>超参数</translation>
    </message>
    <message>
        <source>Measure against:</source>
        <translation>比较对象：</translation>
    </message>
    <message>
        <source>No runs yet: train a model in the Training tab, then compare runs here.</source>
        <translation>还没有运行：先在“训练”页训练模型，再在这里比较运行。</translation>
    </message>
    <message>
        <source>Metrics are measured on features of a network trained locally on this project&apos;s data (no downloaded weights): compare runs with each other, not with published FID values. Hover a value for its 95% interval and the score real images get; select two runs to compare them.</source>
        <translation>指标基于在本项目数据上本地训练的网络特征计算（不下载任何权重）：请在运行之间相互比较，不要与公开的 FID 数值比较。将鼠标悬停在数值上可查看其 95% 区间以及真实图像的得分；选择两个运行即可比较。</translation>
    </message>
    <message>
        <source>none measured yet</source>
        <translation>尚未测量</translation>
    </message>
    <message>
        <source>the run&apos;s validation split of the current dataset</source>
        <translation>当前数据集中该运行的验证划分</translation>
    </message>
    <message>
        <source>dataset: %1</source>
        <translation>数据集：%1</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source> (conditional)</source>
        <translation>（条件）</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>正在评估…</translation>
    </message>
    <message>
        <source>Re-evaluate</source>
        <translation>重新评估</translation>
    </message>
    <message>
        <source>Sample this run and measure the samples against the current dataset (runs in the background; the result is saved in the run folder)</source>
        <translation>从此运行采样，并用当前数据集评估这些样本（在后台运行；结果保存在运行文件夹中）</translation>
    </message>
    <message>
        <source>No run has been evaluated yet. Press Evaluate beside a run to measure its samples; the runs&apos; metrics are compared here.</source>
        <translation>还没有评估过任何运行。点击运行旁的“评估”来测量其样本；各运行的指标会在这里比较。</translation>
    </message>
    <message>
        <source>No run has a value for this metric yet.</source>
        <translation>还没有运行具有此指标的数值。</translation>
    </message>
    <message>
        <source>Open a dataset to evaluate runs against.</source>
        <translation>请打开一个数据集，用于评估运行。</translation>
    </message>
    <message>
        <source>Evaluating %1…</source>
        <translation>正在评估 %1…</translation>
    </message>
    <message>
        <source>Evaluation cancelled</source>
        <translation>评估已取消</translation>
    </message>
    <message>
        <source>Training the feature extractor (once per dataset version): epoch %1 of %2, about %3 s left</source>
        <translation>正在训练特征提取器（每个数据集版本一次）：第 %1/%2 轮，约剩 %3 秒</translation>
    </message>
    <message>
        <source>Reading the data</source>
        <translation>正在读取数据</translation>
    </message>
    <message>
        <source>Sampling the run</source>
        <translation>正在从运行中采样</translation>
    </message>
    <message>
        <source>Measuring the samples</source>
        <translation>正在度量样本</translation>
    </message>
    <message>
        <source>Loading the feature extractor</source>
        <translation>正在加载特征提取器</translation>
    </message>
    <message>
        <source>Evaluated %1</source>
        <translation>已评估 %1</translation>
    </message>
    <message>
        <source>Evaluating %1 failed: %2</source>
        <translation>评估 %1 失败：%2</translation>
    </message>
    <message>
        <source>Evaluate both runs to compare them.</source>
        <translation>请先评估这两个运行再进行比较。</translation>
    </message>
    <message>
        <source>better</source>
        <translation>更好</translation>
    </message>
    <message>
        <source>worse</source>
        <translation>更差</translation>
    </message>
    <message>
        <source>%1: %2 → %3 (95% interval of the difference %4 to %5): %6</source>
        <translation>%1：%2 → %3（差值的 95% 区间 %4 至 %5）：%6</translation>
    </message>
    <message>
        <source>%1 against %2:</source>
        <translation>%1 对比 %2：</translation>
    </message>
    <message>
        <source>no clear difference on any metric (every 95% interval of the difference includes 0)</source>
        <translation>所有指标均无明显差异（每个差值的 95% 区间都包含 0）</translation>
    </message>
    <message>
        <source>The two runs were measured against different held-out images: compare them only roughly.</source>
        <translation>这两个运行是针对不同的留出图像度量的：只能粗略比较。</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Internal error</source>
        <translation>内部错误</translation>
    </message>
    <message>
        <source>Something went wrong inside AIGC Desktop: %1</source>
        <translation>AIGC Desktop 内部出现错误：%1</translation>
    </message>
    <message>
        <source>Your data and projects were not changed. The details were saved to the file below; please include them when you report the problem.</source>
        <translation>您的数据和项目没有被改动。详细信息已保存到下面的文件中；报告问题时请附上它。</translation>
    </message>
    <message>
        <source>The log folder cannot be written; copy the details to keep them.</source>
        <translation>无法写入日志文件夹；请复制详细信息以便保留。</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <source>Copy the full report (traceback, versions, command line)</source>
        <translation>复制完整报告（调用栈、版本、命令行）</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>Show the folder with the crash logs in the file manager</source>
        <translation>在文件管理器中显示存放崩溃日志的文件夹</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>显示详细信息</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>The dataset of the project to show</source>
        <translation>要显示的项目数据集</translation>
    </message>
    <message>
        <source>Filter by path or label (Ctrl+F)</source>
        <translation>按路径或标签筛选（Ctrl+F）</translation>
    </message>
    <message>
        <source>Filter (Ctrl+F)</source>
        <translation>筛选（Ctrl+F）</translation>
    </message>
    <message>
        <source>Filter…</source>
        <translation>筛选…</translation>
    </message>
    <message>
        <source>Shows the items whose path or label contains this text</source>
        <translation>显示路径或标签包含此文本的条目</translation>
    </message>
    <message>
        <source>Show one label only</source>
        <translation>只显示一个标签</translation>
    </message>
    <message>
        <source>Show readable, corrupt, included, excluded or edited items</source>
        <translation>显示可读取、损坏、已纳入、已排除或已编辑的条目</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>全部条目</translation>
    </message>
    <message>
        <source>Readable</source>
        <translation>可读取</translation>
    </message>
    <message>
        <source>Corrupt</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>Included</source>
        <translation>已纳入</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>已排除</translation>
    </message>
    <message>
        <source>Edited labels</source>
        <translation>已编辑的标签</translation>
    </message>
    <message>
        <source>Show one kind of problem (run a quality scan in Cleaning to find more)</source>
        <translation>只显示一种问题（在“清洗”页运行质量扫描可发现更多问题）</translation>
    </message>
    <message>
        <source>Show All</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <source>Clear every filter</source>
        <translation>清除所有筛选</translation>
    </message>
    <message>
        <source>Showing the items most like one item, most similar first; click to show every item again</source>
        <translation>正在显示与某一项最相似的项（最相似的在前）；点击以重新显示全部项</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Every item as a row (Alt+1)</source>
        <translation>每一项一行 (Alt+1)</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Large thumbnails; rest the pointer on one to see it larger (Alt+2)</source>
        <translation>大缩略图；将指针停在图片上可查看大图 (Alt+2)</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>分布图</translation>
    </message>
    <message>
        <source>Every item as a point: look-alikes sit together (Alt+3)</source>
        <translation>每一项一个点：相似的图像彼此靠近 (Alt+3)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop reading the images&apos; features</source>
        <translation>停止读取图像特征</translation>
    </message>
    <message>
        <source>Picture size (Ctrl+wheel over the grid)</source>
        <translation>图片大小（在网格上按住 Ctrl 滚动滚轮）</translation>
    </message>
    <message>
        <source>Rest the pointer on a picture to see it larger; double-click opens it in the table.</source>
        <translation>将指针停在图片上可查看大图；双击在表格中打开。</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>Colour the points by their label or by what the quality scan found</source>
        <translation>按标签或按质量扫描发现的问题为点着色</translation>
    </message>
    <message>
        <source>Colour by label</source>
        <translation>按标签着色</translation>
    </message>
    <message>
        <source>Colour by problem</source>
        <translation>按问题着色</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Show every point (0, or double-click an empty spot); zoom with the wheel or + and −, drag to pan</source>
        <translation>显示全部点（按 0，或双击空白处）；用滚轮或 + 和 − 缩放，拖动以平移</translation>
    </message>
    <message>
        <source>Include / Exclude</source>
        <translation>纳入 / 排除</translation>
    </message>
    <message>
        <source>Exclude the selected items, or include them again</source>
        <translation>排除所选条目，或重新纳入</translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation>排除</translation>
    </message>
    <message>
        <source>Leave the selected items out of training and cleaning</source>
        <translation>让所选条目不参与训练和清洗</translation>
    </message>
    <message>
        <source>Include</source>
        <translation>纳入</translation>
    </message>
    <message>
        <source>Use the selected items again</source>
        <translation>重新使用所选条目</translation>
    </message>
    <message>
        <source>Set Label…</source>
        <translation>设置标签…</translation>
    </message>
    <message>
        <source>Give every selected item the same label</source>
        <translation>为所有所选条目设置相同标签</translation>
    </message>
    <message>
        <source>Copy Paths</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Copy the paths of the selected items</source>
        <translation>复制所选条目的路径</translation>
    </message>
    <message>
        <source>Find Similar</source>
        <translation>查找相似项</translation>
    </message>
    <message>
        <source>Show the items that look most like this one, most similar first (in the feature space of the quality scan)</source>
        <translation>显示与此项最相似的项，最相似的在前（在质量扫描的特征空间中）</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <source>All problems</source>
        <translation>全部问题</translation>
    </message>
    <message>
        <source>Any problem</source>
        <translation>任意问题</translation>
    </message>
    <message>
        <source>Placing the items on the map…</source>
        <translation>正在把各项放到分布图上…</translation>
    </message>
    <message>
        <source>Reading the images&apos; features…</source>
        <translation>正在读取图像特征…</translation>
    </message>
    <message>
        <source>Cancelled. Show the map again to place the items.</source>
        <translation>已取消。再次显示分布图即可重新放置各项。</translation>
    </message>
    <message>
        <source>The map could not be made: %1</source>
        <translation>无法生成分布图：%1</translation>
    </message>
    <message>
        <source>%1 items; look-alikes sit together</source>
        <translation>%1 项；相似的图像彼此靠近</translation>
    </message>
    <message>
        <source>Placed by the image features of the latest quality scan.</source>
        <translation>按最近一次质量扫描的图像特征放置。</translation>
    </message>
    <message>
        <source>Placed by image features read just now (a full quality scan keeps them).</source>
        <translation>按刚刚读取的图像特征放置（完整的质量扫描会保存这些特征）。</translation>
    </message>
    <message>
        <source>A principal component analysis of the features the duplicate and outlier checks compare: the two directions in which the images differ most.</source>
        <translation>对重复项和离群项检查所比较的特征做主成分分析：图像之间差异最大的两个方向。</translation>
    </message>
    <message numerus="yes">
        <source>%n unreadable item(s) have no place.</source>
        <translation>
            <numerusform>%n 个无法读取的项没有位置。</numerusform>
        </translation>
    </message>
    <message>
        <source>no quality scan yet</source>
        <translation>尚未进行质量扫描</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>The filters were cleared to show the item you clicked.</source>
        <translation>已清除筛选条件，以显示你点击的项。</translation>
    </message>
    <message>
        <source>This file cannot be read, so nothing can be compared with it.</source>
        <translation>此文件无法读取，因此无法与其他项比较。</translation>
    </message>
    <message>
        <source>Finding the items most like %1…</source>
        <translation>正在查找与 %1 最相似的项…</translation>
    </message>
    <message>
        <source>This image is blank: nothing looks like it.</source>
        <translation>此图像是空白的：没有与之相似的项。</translation>
    </message>
    <message>
        <source>Like %1  ✕</source>
        <translation>类似 %1  ✕</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>显示 %1 / %2</translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation>%1 个条目</translation>
    </message>
    <message>
        <source>labels changed</source>
        <translation>标签已改</translation>
    </message>
    <message>
        <source>(no label)</source>
        <translation>（无标签）</translation>
    </message>
    <message>
        <source>Click a label or a problem to show only those items. “Labels changed” counts every item whose label differs from the imported one, excluded items included</source>
        <translation>点击某个标签或问题，只显示这些条目。“标签已改”统计标签与导入时不同的所有条目，包括已排除的条目</translation>
    </message>
    <message>
        <source>readable</source>
        <translation>可读取</translation>
    </message>
    <message>
        <source>corrupt</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>excluded</source>
        <translation>已排除</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>no issues found</source>
        <translation>未发现问题</translation>
    </message>
    <message>
        <source>No quality scan yet: run one in Cleaning</source>
        <translation>尚未进行质量扫描：请在“清洗”页运行扫描</translation>
    </message>
    <message>
        <source>No picture: the file cannot be read</source>
        <translation>无图像：文件无法读取</translation>
    </message>
    <message>
        <source>The dataset&apos;s files cannot be found</source>
        <translation>找不到该数据集的文件</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Set Label</source>
        <translation>设置标签</translation>
    </message>
    <message numerus="yes">
        <source>Label for %n selected item(s) (empty removes it):</source>
        <translation>
            <numerusform>%n 个所选条目的标签（留空则删除）：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Start with some data</source>
        <translation>从一些数据开始</translation>
    </message>
    <message>
        <source>Open the built-in demo dataset (handwritten digits with planted dirt), import a folder of images, or open a project.
You can also drop a folder or a dataset file anywhere on this window.</source>
        <translation>打开内置演示数据集（植入了脏数据的手写数字）、导入一个图像文件夹，或打开一个项目。
也可以把文件夹或数据集文件拖放到此窗口的任意位置。</translation>
    </message>
    <message>
        <source>Open the Demo Dataset</source>
        <translation>打开演示数据集</translation>
    </message>
    <message>
        <source>Write the demo dataset to your data folder and open it</source>
        <translation>将演示数据集写入你的数据文件夹并打开</translation>
    </message>
    <message>
        <source>Import a Dataset…</source>
        <translation>导入数据集…</translation>
    </message>
    <message>
        <source>A folder of images, a folder per class, a CSV manifest, an MNIST IDX file or an .npz</source>
        <translation>图像文件夹、每类一个子文件夹、CSV 清单、MNIST IDX 文件或 .npz 文件</translation>
    </message>
    <message>
        <source>Open a Project…</source>
        <translation>打开项目…</translation>
    </message>
</context>
<context>
    <name>ExperimentView</name>
    <message>
        <source>Which dirt rate the table and the sample grids show</source>
        <translation>表格和样本网格显示的污染比例</translation>
    </message>
    <message>
        <source>Dirt rate:</source>
        <translation>污染比例：</translation>
    </message>
    <message>
        <source>Mean over the seeds [95% interval]; hover a value for how it was computed</source>
        <translation>各随机种子的均值 [95% 区间]；悬停数值可查看计算方法</translation>
    </message>
    <message>
        <source>Dirty (version 0)</source>
        <translation>脏数据（版本 0）</translation>
    </message>
    <message>
        <source>Cleaned</source>
        <translation>已清洗</translation>
    </message>
    <message>
        <source>Robust (down-weighted)</source>
        <translation>稳健（降低权重）</translation>
    </message>
    <message>
        <source>No readable experiment.json in %1</source>
        <translation>%1 中没有可读取的 experiment.json</translation>
    </message>
    <message>
        <source>as it is</source>
        <translation>原样</translation>
    </message>
    <message>
        <source>Real floor</source>
        <translation>真实基线</translation>
    </message>
    <message>
        <source>%1 vs dirty</source>
        <translation>%1 对比脏数据</translation>
    </message>
    <message>
        <source>training images</source>
        <translation>训练图像</translation>
    </message>
    <message>
        <source>what held-out real images score</source>
        <translation>留出的真实图像的得分</translation>
    </message>
    <message>
        <source>better</source>
        <translation>更好</translation>
    </message>
    <message>
        <source>dirty data</source>
        <translation>脏数据</translation>
    </message>
    <message>
        <source>cleaned data</source>
        <translation>清洗后的数据</translation>
    </message>
    <message>
        <source>robust training</source>
        <translation>稳健训练</translation>
    </message>
    <message>
        <source>worse</source>
        <translation>更差</translation>
    </message>
    <message>
        <source>no clear difference</source>
        <translation>无明显差异</translation>
    </message>
    <message>
        <source>%1 images of the reference dataset %2, which no run trains on</source>
        <translation>参考数据集 %2 中的 %1 张图像，任何运行都不在其上训练</translation>
    </message>
    <message>
        <source>%1 images of the clean dataset set aside before any dirt was planted or any training</source>
        <translation>在植入任何脏数据和任何训练之前，从干净数据集中留出的 %1 张图像</translation>
    </message>
    <message>
        <source>%1 images drawn at random, before any training, from the items both versions keep: no trusted reference was given, so the evaluation shares the cleaning&apos;s judgement of what is clean (pass a reference dataset for an independent check)</source>
        <translation>在任何训练之前，从两个版本都保留的条目中随机抽取的 %1 张图像：没有给出可信的参考数据，因此评估沿用了清洗对“何为干净”的判断（如需独立检验，请提供参考数据集）</translation>
    </message>
    <message>
        <source>every readable item of the dirty data</source>
        <translation>脏数据中每个可读的条目</translation>
    </message>
    <message>
        <source>the dirty data, suspect items down-weighted by their scan scores (weight 1 at score 0 down to %1 at the flag threshold; a duplicate group weighs as one item)</source>
        <translation>脏数据，可疑条目按其扫描得分降低权重（得分为 0 时权重为 1，到标记阈值时降到 %1；一组重复项只算一个条目）</translation>
    </message>
    <message>
        <source>%1; the dirty data are version %2</source>
        <translation>%1；脏数据为版本 %2</translation>
    </message>
    <message>
        <source>the default cleaning plan, computed for the experiment (nothing written): %1</source>
        <translation>默认清洗方案，为本实验计算（不写入任何内容）：%1</translation>
    </message>
    <message>
        <source>version %1 (%2): %3</source>
        <translation>版本 %1（%2）：%3</translation>
    </message>
    <message>
        <source>no interval</source>
        <translation>无区间</translation>
    </message>
    <message>
        <source>95% CI %1 to %2</source>
        <translation>95% 置信区间 %1 至 %2</translation>
    </message>
    <message>
        <source>%1 vs %2: %3 %4 → %5 (difference %6, %7): %8.</source>
        <translation>%1 对比 %2：%3 %4 → %5（差值 %6，%7）：%8。</translation>
    </message>
    <message>
        <source>%1 vs %2: no clear difference in %3 (the 95% interval of each difference includes 0).</source>
        <translation>%1 对比 %2：%3 没有明显差异（每个差值的 95% 区间都包含 0）。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>At dirt rate %1: %2</source>
        <translation>脏数据比例 %1：%2</translation>
    </message>
    <message>
        <source>Every run was given %1 optimizer steps of batch %2; seeds %3, each training all three variants.</source>
        <translation>每次运行都给予 %1 个优化步（批大小 %2）；种子 %3，每个种子都训练全部三种变体。</translation>
    </message>
    <message>
        <source>Every run was given %1 optimizer steps of batch %2; seed %3, each training all three variants.</source>
        <translation>每次运行都给予 %1 个优化步（批大小 %2）；种子 %3，训练全部三种变体。</translation>
    </message>
    <message>
        <source>Some runs stopped earlier: see the runs.</source>
        <translation>有些运行提前停止了：请查看这些运行。</translation>
    </message>
    <message>
        <source>Measured against %1.</source>
        <translation>测量所用的对照：%1。</translation>
    </message>
    <message>
        <source>One seed: the intervals hold the noise of measuring the samples, not the run-to-run noise of training; use several seeds before trusting a difference.</source>
        <translation>只有一个种子：区间只包含测量样本的噪声，不包含不同训练运行之间的噪声；在相信某个差异之前，请使用多个种子。</translation>
    </message>
    <message>
        <source>The intervals combine the spread over the %1 seeds with the bootstrap noise of each measurement; a verdict is given only where the interval of the difference excludes 0.</source>
        <translation>区间综合了 %1 个种子之间的离散程度和每次测量的自助法噪声；只有当差值的区间不包含 0 时才给出结论。</translation>
    </message>
    <message>
        <source>Given only where the 95% interval of the difference excludes 0</source>
        <translation>仅当差值的 95% 区间不包含 0 时给出</translation>
    </message>
    <message>
        <source>no samples</source>
        <translation>无样本</translation>
    </message>
</context>
<context>
    <name>ExperimentWizard</name>
    <message>
        <source>Dirty vs. Clean Experiment</source>
        <translation>脏数据与清洗后数据对比实验</translation>
    </message>
    <message>
        <source>VAE (variational autoencoder)</source>
        <translation>VAE（变分自编码器）</translation>
    </message>
    <message>
        <source>GAN (DCGAN)</source>
        <translation>GAN（DCGAN）</translation>
    </message>
    <message>
        <source>Samples generated from each run to measure it</source>
        <translation>为评估每次运行而生成的样本数</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Samples to measure:</source>
        <translation>评估样本数：</translation>
    </message>
    <message>
        <source>Run Experiment</source>
        <translation>运行实验</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Open a dataset first (File ▸ Import Dataset or Open Demo Dataset).</source>
        <translation>请先打开数据集（文件 ▸ 导入数据集 或 打开演示数据集）。</translation>
    </message>
    <message>
        <source>Dataset: %1 — the results go to %2</source>
        <translation>数据集：%1 — 结果保存到 %2</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the experiment (Esc); finished runs stay on disk</source>
        <translation>停止实验（Esc）；已完成的运行保留在磁盘上</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Scanning the data for problems</source>
        <translation>正在扫描数据中的问题</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Does cleaning this dataset make a better generator?&lt;/h3&gt;&lt;p&gt;The same model is trained on the &lt;b&gt;dirty&lt;/b&gt; data (version 0, the import), on the &lt;b&gt;cleaned&lt;/b&gt; data, and on the dirty data with suspect items &lt;b&gt;down-weighted&lt;/b&gt; (robust training), once per seed, every run with the same number of optimizer steps. All runs are measured against the same held-out real images; a difference is called only where its 95% interval excludes 0.&lt;/p&gt;&lt;p&gt;The result is reported as measured, whichever way it goes.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;清洗这个数据集能得到更好的生成器吗？&lt;/h3&gt;&lt;p&gt;同一个模型分别在&lt;b&gt;脏&lt;/b&gt;数据（版本 0，即导入时的数据）、&lt;b&gt;清洗后&lt;/b&gt;的数据，以及可疑样本&lt;b&gt;降低权重&lt;/b&gt;的脏数据（稳健训练）上训练，每个随机种子训练一次，每次运行的优化步数相同。所有运行都针对相同的留出真实图像进行度量；只有当差值的 95% 区间不包含 0 时才判定存在差异。&lt;/p&gt;&lt;p&gt;结果如实报告，无论结论如何。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>reading the clean data</source>
        <translation>正在读取干净数据</translation>
    </message>
    <message>
        <source>reading the two versions and scanning them</source>
        <translation>正在读取两个版本并扫描</translation>
    </message>
    <message>
        <source>reading the reference data</source>
        <translation>正在读取参考数据</translation>
    </message>
    <message>
        <source>training the feature extractor on trusted images</source>
        <translation>正在用可信图像训练特征提取器</translation>
    </message>
    <message>
        <source>feature extractor ready</source>
        <translation>特征提取器已就绪</translation>
    </message>
    <message>
        <source>experiment finished</source>
        <translation>实验完成</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>已测量</translation>
    </message>
    <message>
        <source>generating and measuring samples</source>
        <translation>正在生成并测量样本</translation>
    </message>
    <message>
        <source>training on %1 images for %2 optimizer steps of batch %3</source>
        <translation>用 %1 张图像训练 %2 个优化步（批大小 %3）</translation>
    </message>
    <message>
        <source>epoch %1, step %2 of %3</source>
        <translation>第 %1 轮，第 %2 / %3 步</translation>
    </message>
    <message>
        <source>Diffusion (rectified flow U-Net)</source>
        <translation>扩散模型（整流流 U-Net）</translation>
    </message>
    <message>
        <source>The model trained in every run</source>
        <translation>每次运行训练的模型</translation>
    </message>
    <message>
        <source>The budget: this many passes over the dirty training set fix the optimizer steps every run gets</source>
        <translation>训练预算：以脏训练集上的遍数确定每次运行获得的优化步数</translation>
    </message>
    <message>
        <source>One run per seed and variant; three seeds let the intervals include the run-to-run noise of training</source>
        <translation>每个种子和变体各运行一次；三个种子能让区间包含训练中运行之间的波动</translation>
    </message>
    <message>
        <source>Class-conditional (needs labels; measures label consistency)</source>
        <translation>类别条件（需要标签；度量标签一致性）</translation>
    </message>
    <message>
        <source>The dirty data: version 0 (the import) unless you choose another</source>
        <translation>脏数据：默认为版本 0（导入时的数据），也可选择其他版本</translation>
    </message>
    <message>
        <source>The cleaned data: the current version, or the default cleaning plan computed for the experiment (nothing is written)</source>
        <translation>清洗后的数据：当前版本，或为本实验计算的默认清洗方案（不写入任何内容）</translation>
    </message>
    <message>
        <source>Trusted images no run trains on (e.g. a test set); without one, a random part of the items both versions keep is held out</source>
        <translation>任何运行都不会训练的可信图像（例如测试集）；若不指定，则从两个版本都保留的条目中随机留出一部分</translation>
    </message>
    <message>
        <source>off, e.g. 0,0.1,0.3</source>
        <translation>关闭，例如 0,0.1,0.3</translation>
    </message>
    <message>
        <source>Dose-response: treat this dataset as clean, plant dirt at each rate (0.1 = as many dirty files as 10% of the clean images) and run the experiment at each</source>
        <translation>剂量响应：将此数据集视为干净数据，按每个比例植入污染（0.1 = 污染文件数为干净图像的 10%），并在每个比例下运行实验</translation>
    </message>
    <message>
        <source>Budget (epochs of the dirty data):</source>
        <translation>预算（脏数据的轮数）：</translation>
    </message>
    <message>
        <source>Seeds:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Dirty data:</source>
        <translation>脏数据：</translation>
    </message>
    <message>
        <source>Cleaned data:</source>
        <translation>清洗后的数据：</translation>
    </message>
    <message>
        <source>Measure against:</source>
        <translation>比较对象：</translation>
    </message>
    <message>
        <source>Plant dirt at rates:</source>
        <translation>按比例植入污染：</translation>
    </message>
    <message>
        <source>version %1 (%2): %3 items</source>
        <translation>版本 %1（%2）：%3 个条目</translation>
    </message>
    <message>
        <source>the default cleaning plan (computed, nothing written)</source>
        <translation>默认清洗方案（仅计算，不写入）</translation>
    </message>
    <message>
        <source>a held-out part of the data</source>
        <translation>数据中留出的一部分</translation>
    </message>
    <message>
        <source>dataset: %1</source>
        <translation>数据集：%1</translation>
    </message>
    <message>
        <source>Open a dataset first.</source>
        <translation>请先打开一个数据集。</translation>
    </message>
    <message>
        <source>Seeds are whole numbers separated by commas, e.g. 0,1,2.</source>
        <translation>随机种子是用逗号分隔的整数，例如 0,1,2。</translation>
    </message>
    <message>
        <source>Dirt rates are numbers separated by commas, e.g. 0,0.1,0.3.</source>
        <translation>污染比例是用逗号分隔的数字，例如 0,0.1,0.3。</translation>
    </message>
    <message>
        <source>Dose-response: the dataset is taken as clean; dirt is planted into a copy at each rate.</source>
        <translation>剂量响应：数据集被视为干净数据；按每个比例向副本中植入污染。</translation>
    </message>
    <message>
        <source>Dirty: %1 items. Cleaned: the default plan&apos;s count, known once the data are scanned.</source>
        <translation>脏数据：%1 个条目。清洗后：默认方案的数量，扫描数据后可知。</translation>
    </message>
    <message>
        <source>Dirty: %1 items. Cleaned: %2 items.</source>
        <translation>脏数据：%1 个条目。清洗后：%2 个条目。</translation>
    </message>
    <message>
        <source>Both sides hold %1 items with the same labels: there is nothing to compare. Apply a cleaning first (Cleaning tab), or choose two different versions.</source>
        <translation>两边都是 %1 个条目且标签相同：没有可比较的内容。请先应用一次清洗（清洗标签页），或选择两个不同的版本。</translation>
    </message>
    <message>
        <source>Reading the data</source>
        <translation>正在读取数据</translation>
    </message>
    <message>
        <source>Reading the reference data</source>
        <translation>正在读取参考数据</translation>
    </message>
    <message>
        <source>Planting dirt</source>
        <translation>正在植入污染</translation>
    </message>
    <message>
        <source>Setting aside held-out images for evaluation</source>
        <translation>正在留出用于评估的图像</translation>
    </message>
    <message>
        <source>Training the feature extractor for the metrics</source>
        <translation>正在训练用于指标的特征提取器</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Training on %1</source>
        <translation>正在 %1 上训练</translation>
    </message>
    <message>
        <source>Measuring the run on %1</source>
        <translation>正在用 %1 评估该运行</translation>
    </message>
    <message>
        <source>Epoch %1 of %2, about %3 s left</source>
        <translation>第 %1/%2 轮，约剩 %3 秒</translation>
    </message>
    <message>
        <source>%1, seed %2</source>
        <translation>%1，种子 %2</translation>
    </message>
    <message>
        <source>%1, seed %2, dirt rate %3</source>
        <translation>%1，种子 %2，脏数据比例 %3</translation>
    </message>
    <message>
        <source>[%1] epoch %2/%3: %4</source>
        <translation>[%1] 第 %2/%3 轮：%4</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <source>seed %1 at %2 dirt</source>
        <translation>种子 %1，脏数据比例 %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>The experiment ended without a result.</source>
        <translation>实验结束，但没有结果。</translation>
    </message>
    <message>
        <source>The experiment failed: %1</source>
        <translation>实验失败：%1</translation>
    </message>
    <message>
        <source>Cancelled. Runs finished so far are kept in %1</source>
        <translation>已取消。已完成的运行保存在 %1</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>New Experiment</source>
        <translation>新实验</translation>
    </message>
    <message>
        <source>Saved in %1 (experiment.json, summary.md, one run folder each)</source>
        <translation>已保存到 %1（experiment.json、summary.md，以及每次运行各一个文件夹）</translation>
    </message>
</context>
<context>
    <name>GalleryPanel</name>
    <message>
        <source>Gallery</source>
        <translation>画廊</translation>
    </message>
    <message>
        <source>The training run whose samples are shown</source>
        <translation>显示其样本的训练运行</translation>
    </message>
    <message>
        <source>The fixed-noise grid the trainer saved after each epoch, or the samples generated here</source>
        <translation>训练器每轮保存的固定噪声样本网格，或在此生成的样本</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Look for new runs and epochs (F5)</source>
        <translation>查找新的运行和轮次（F5）</translation>
    </message>
    <message>
        <source>Dirty vs. Clean Experiment…</source>
        <translation>脏数据与清洗后数据对比实验…</translation>
    </message>
    <message>
        <source>Train the same model on the dirty and the cleaned data with the same seed and budget, and measure both</source>
        <translation>以相同的种子和预算，分别在脏数据和清洗后的数据上训练同一个模型，并评估两者</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Latent Space</source>
        <translation>潜在空间</translation>
    </message>
    <message>
        <source>Reconstructions</source>
        <translation>重建</translation>
    </message>
    <message>
        <source>Compare Runs</source>
        <translation>比较运行</translation>
    </message>
    <message>
        <source>Experiments</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>No training runs in this project yet.

Train a VAE, GAN or diffusion model in the Training tab: its samples, epoch by epoch, appear here.</source>
        <translation>本项目还没有训练运行。

请在“训练”页训练一个 VAE、GAN 或扩散模型：它每一轮的样本都会显示在这里。</translation>
    </message>
    <message>
        <source>The experiments of this project, newest first (the wizard&apos;s and those run with &apos;aigc experiment&apos; into the project&apos;s folder)</source>
        <translation>本项目的实验，最新的在前（包括向导运行的，以及用“aigc experiment”写入项目文件夹的）</translation>
    </message>
    <message>
        <source>No experiments in this project yet: run one with the Dirty vs. Clean Experiment button above.</source>
        <translation>本项目还没有实验：请用上方的“脏数据与清洗后数据对比实验…”按钮运行一个。</translation>
    </message>
    <message>
        <source>Experiment:</source>
        <translation>实验：</translation>
    </message>
    <message>
        <source>How many samples to generate</source>
        <translation>要生成的样本数</translation>
    </message>
    <message>
        <source>The noise seed: the same seed gives the same samples</source>
        <translation>噪声种子：相同的种子生成相同的样本</translation>
    </message>
    <message>
        <source>For a class-conditional model: generate this class only</source>
        <translation>用于类别条件模型：只生成此类别</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Generate N more samples with this seed (Ctrl+G)</source>
        <translation>用此种子再生成 N 个样本（Ctrl+G）</translation>
    </message>
    <message>
        <source>Images in the interpolation strip, ends included</source>
        <translation>插值条中的图像数（含两端）</translation>
    </message>
    <message>
        <source>Interpolate</source>
        <translation>插值</translation>
    </message>
    <message>
        <source>Select two samples, then decode the path between their latent codes (Ctrl+L)</source>
        <translation>选择两个样本，然后解码它们潜在编码之间的路径（Ctrl+L）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the selected samples as PNG files that record their run, checkpoint, seed and latent code (Ctrl+E)</source>
        <translation>将所选样本保存为 PNG 文件，并记录其运行、检查点、种子和潜在编码（Ctrl+E）</translation>
    </message>
    <message>
        <source>AI badge</source>
        <translation>AI 标记</translation>
    </message>
    <message>
        <source>Also stamp a small visible &quot;AI&quot; mark in the corner of each exported image</source>
        <translation>同时在每张导出图像的角落加上一个可见的小“AI”标记</translation>
    </message>
    <message>
        <source>Sample size (Ctrl+wheel over the grid)</source>
        <translation>样本显示大小（在网格上按住 Ctrl 滚动滚轮）</translation>
    </message>
    <message>
        <source>N:</source>
        <translation>数量：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>种子：</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>步数：</translation>
    </message>
    <message>
        <source>Zoom:</source>
        <translation>缩放：</translation>
    </message>
    <message>
        <source>Classifier-free guidance scale towards the class (an unconditional model: towards a cluster of its training images, drawn from the noise): 0 is unconditional, 1 the plain conditional model, higher follows it more closely with less variety</source>
        <translation>无分类器引导强度，引向类别（无条件模型：引向其训练图像的一个聚类，由噪声抽取）：0 为无条件，1 为普通条件模型，更高则更贴合、多样性更低</translation>
    </message>
    <message>
        <source>Denoising steps per sample: more are slower and a little finer</source>
        <translation>每个样本的去噪步数：步数越多越慢，也略精细</translation>
    </message>
    <message>
        <source>Denoising Trajectory</source>
        <translation>去噪轨迹</translation>
    </message>
    <message>
        <source>Select one sample, then show how it emerged from its noise, step by step (Ctrl+T)</source>
        <translation>选择一个样本，逐步显示它如何从噪声中生成（Ctrl+T）</translation>
    </message>
    <message>
        <source>Guidance:</source>
        <translation>引导强度：</translation>
    </message>
    <message>
        <source>Denoising steps:</source>
        <translation>去噪步数：</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop sampling (Esc)</source>
        <translation>停止采样（Esc）</translation>
    </message>
    <message>
        <source>How many random dataset items to reconstruct</source>
        <translation>要重建的随机数据集条目数</translation>
    </message>
    <message>
        <source>Reconstruct Random Items</source>
        <translation>重建随机条目</translation>
    </message>
    <message>
        <source>Encode random included items of the current dataset and decode them again: each tile is the input (left) beside its reconstruction (right)</source>
        <translation>对当前数据集中随机选取的保留条目进行编码再解码：每格左侧为输入，右侧为其重建结果</translation>
    </message>
    <message>
        <source>Items:</source>
        <translation>条目：</translation>
    </message>
    <message>
        <source>Reading this project&apos;s runs…</source>
        <translation>正在读取本项目的训练运行…</translation>
    </message>
    <message>
        <source>%1 — %2, %3 epochs, %4</source>
        <translation>%1 — %2，%3 轮，%4</translation>
    </message>
    <message>
        <source>Epoch %1 grid</source>
        <translation>第 %1 轮样本网格</translation>
    </message>
    <message>
        <source>Generated here</source>
        <translation>在此生成</translation>
    </message>
    <message>
        <source>All classes (cycled)</source>
        <translation>所有类别（轮流）</translation>
    </message>
    <message>
        <source>— (unconditional)</source>
        <translation>—（无条件）</translation>
    </message>
    <message>
        <source>Choose a run.</source>
        <translation>请选择一次运行。</translation>
    </message>
    <message>
        <source>Only a VAE has a latent space with an encoder and a prior to explore; this run is a %1. Use Interpolate in the Samples tab to walk its noise space.</source>
        <translation>只有 VAE 具有可供探索的、带编码器和先验的潜在空间；此运行是 %1。请在“样本”页使用“插值”来遍历其噪声空间。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>This run has no checkpoint yet.</source>
        <translation>此运行还没有检查点。</translation>
    </message>
    <message>
        <source>Press Generate to draw new samples from this run.</source>
        <translation>按“生成”从此运行中抽取新样本。</translation>
    </message>
    <message>
        <source>%1 fixed-noise samples of epoch %2 (the same noise every epoch, so epochs compare).</source>
        <translation>第 %2 轮的 %1 个固定噪声样本（每轮使用相同噪声，便于比较各轮）。</translation>
    </message>
    <message>
        <source>Generating %1 samples…</source>
        <translation>正在生成 %1 个样本…</translation>
    </message>
    <message>
        <source>Generated %1 samples with seed %2.</source>
        <translation>已用种子 %2 生成 %1 个样本。</translation>
    </message>
    <message>
        <source>Select exactly two samples (Ctrl+click) to interpolate between.</source>
        <translation>请恰好选择两个样本（按住 Ctrl 点击）以进行插值。</translation>
    </message>
    <message>
        <source>The two samples are of different classes: the path keeps the first one&apos;s class.</source>
        <translation>两个样本属于不同类别：路径沿用第一个样本的类别。</translation>
    </message>
    <message>
        <source>Interpolation from #%1 to #%2 (spherical, %3 steps)</source>
        <translation>从 #%1 到 #%2 的插值（球面，%3 步）</translation>
    </message>
    <message>
        <source>Select one sample to see how it was denoised.</source>
        <translation>请选择一个样本，查看它的去噪过程。</translation>
    </message>
    <message>
        <source>Denoising sample #%1 step by step…</source>
        <translation>正在逐步对样本 #%1 去噪…</translation>
    </message>
    <message>
        <source>Denoising trajectory of #%1: from its noise (left) to the image (right), %2 frames over %3 steps</source>
        <translation>样本 #%1 的去噪轨迹：从噪声（左）到图像（右），%3 步中的 %2 帧</translation>
    </message>
    <message>
        <source>Reconstructing random items…</source>
        <translation>正在重建随机条目…</translation>
    </message>
    <message>
        <source>%1 items: each tile is the input (left) beside the VAE&apos;s reconstruction (right).</source>
        <translation>%1 个条目：每格左侧为输入，右侧为 VAE 的重建结果。</translation>
    </message>
    <message>
        <source>Export Samples To</source>
        <translation>导出样本到</translation>
    </message>
    <message>
        <source>Select the samples to export first.</source>
        <translation>请先选择要导出的样本。</translation>
    </message>
    <message>
        <source>Exported %1 PNG files with provenance to %2</source>
        <translation>已将 %1 个带来源信息的 PNG 文件导出到 %2</translation>
    </message>
</context>
<context>
    <name>GridModel</name>
    <message>
        <source>(no label)</source>
        <translation>（无标签）</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
</context>
<context>
    <name>GridView</name>
    <message>
        <source>No picture: the file cannot be read</source>
        <translation>无图片：文件无法读取</translation>
    </message>
</context>
<context>
    <name>HyperparameterTable</name>
    <message>
        <source>Only what differs</source>
        <translation>仅显示不同之处</translation>
    </message>
    <message>
        <source>Hide the settings every run shares</source>
        <translation>隐藏所有运行都相同的设置</translation>
    </message>
    <message>
        <source>The settings of each run; right-click a run to show its folder</source>
        <translation>每次运行的设置；右键单击某次运行可显示其文件夹</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>No runs yet.</source>
        <translation>还没有运行。</translation>
    </message>
    <message>
        <source>Every run has the same settings.</source>
        <translation>所有运行的设置都相同。</translation>
    </message>
</context>
<context>
    <name>Hyperparameters</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Conditional</source>
        <translation>条件生成</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>图像尺寸</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道数</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Step budget</source>
        <translation>步数预算</translation>
    </message>
    <message>
        <source>Time budget (s)</source>
        <translation>时间预算（秒）</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Critic learning rate</source>
        <translation>判别器学习率</translation>
    </message>
    <message>
        <source>Latent size</source>
        <translation>潜变量维度</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Critic width</source>
        <translation>判别器宽度</translation>
    </message>
    <message>
        <source>Decoder width</source>
        <translation>解码器宽度</translation>
    </message>
    <message>
        <source>β (KL weight)</source>
        <translation>β（KL 权重）</translation>
    </message>
    <message>
        <source>KL warm-up steps</source>
        <translation>KL 预热步数</translation>
    </message>
    <message>
        <source>Free bits</source>
        <translation>自由比特</translation>
    </message>
    <message>
        <source>Fitted prior</source>
        <translation>拟合先验</translation>
    </message>
    <message>
        <source>GAN loss</source>
        <translation>GAN 损失</translation>
    </message>
    <message>
        <source>Gradient penalty</source>
        <translation>梯度惩罚</translation>
    </message>
    <message>
        <source>Spectral norm</source>
        <translation>谱归一化</translation>
    </message>
    <message>
        <source>Self-conditioning clusters</source>
        <translation>自条件聚类数</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>训练目标</translation>
    </message>
    <message>
        <source>Sampler</source>
        <translation>采样器</translation>
    </message>
    <message>
        <source>Sampler steps</source>
        <translation>采样步数</translation>
    </message>
    <message>
        <source>Guidance scale</source>
        <translation>引导强度</translation>
    </message>
    <message>
        <source>Label dropout</source>
        <translation>标签丢弃率</translation>
    </message>
    <message>
        <source>Weight average decay</source>
        <translation>权重滑动平均衰减</translation>
    </message>
    <message>
        <source>Adam β1</source>
        <translation>Adam β1</translation>
    </message>
    <message>
        <source>Adam β2</source>
        <translation>Adam β2</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Early-stopping patience</source>
        <translation>早停耐心值</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Mixed precision</source>
        <translation>混合精度</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>IssueText</name>
    <message>
        <source>corrupt</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>exact duplicate</source>
        <translation>完全重复</translation>
    </message>
    <message>
        <source>near duplicate</source>
        <translation>近似重复</translation>
    </message>
    <message>
        <source>label conflict</source>
        <translation>标签冲突</translation>
    </message>
    <message>
        <source>missing label</source>
        <translation>缺少标签</translation>
    </message>
    <message>
        <source>suspected label error</source>
        <translation>疑似标签错误</translation>
    </message>
    <message>
        <source>odd size</source>
        <translation>尺寸异常</translation>
    </message>
    <message>
        <source>odd colour mode</source>
        <translation>颜色模式异常</translation>
    </message>
    <message>
        <source>blank</source>
        <translation>空白</translation>
    </message>
    <message>
        <source>dark</source>
        <translation>过暗</translation>
    </message>
    <message>
        <source>light</source>
        <translation>过亮</translation>
    </message>
    <message>
        <source>blurry</source>
        <translation>模糊</translation>
    </message>
    <message>
        <source>outlier</source>
        <translation>离群</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <source>truncated</source>
        <translation>截断</translation>
    </message>
    <message>
        <source>not an image</source>
        <translation>不是图像</translation>
    </message>
    <message>
        <source>unsupported colour mode</source>
        <translation>不支持的颜色模式</translation>
    </message>
    <message>
        <source>too large</source>
        <translation>过大</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <source>unreadable path</source>
        <translation>路径无法读取</translation>
    </message>
    <message>
        <source>The file is empty (0 bytes): it was probably never fully written or downloaded.</source>
        <translation>文件为空（0 字节）：它可能从未完整写入或下载。</translation>
    </message>
    <message>
        <source>The file starts like an image but ends early or is damaged, so it cannot be decoded completely. Re-download or re-export it.</source>
        <translation>文件开头像图像，但提前结束或已损坏，无法完整解码。请重新下载或重新导出。</translation>
    </message>
    <message>
        <source>The file has an image name but its content is not in any image format (it may be text, HTML or another kind of file).</source>
        <translation>文件名像图像，但内容不是任何图像格式（可能是文本、HTML 或其他类型的文件）。</translation>
    </message>
    <message>
        <source>The image uses a colour mode that cannot be converted to grey, RGB or RGBA without changing its colours.</source>
        <translation>图像使用的颜色模式无法在不改变颜色的情况下转换为灰度、RGB 或 RGBA。</translation>
    </message>
    <message>
        <source>The image is too large to decode safely (it may be a decompression bomb).</source>
        <translation>图像过大，无法安全解码（可能是解压炸弹）。</translation>
    </message>
    <message>
        <source>The file cannot be read: permission denied. Check its access rights.</source>
        <translation>文件无法读取：权限不足。请检查其访问权限。</translation>
    </message>
    <message>
        <source>The file cannot be opened: it was moved or deleted, or its path cannot be read.</source>
        <translation>文件无法打开：它已被移动或删除，或其路径无法读取。</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>文件无法读取。</translation>
    </message>
    <message>
        <source>%1 files with identical pixels</source>
        <translation>%1 个文件像素完全相同</translation>
    </message>
    <message>
        <source>like %1</source>
        <translation>与 %1 相似</translation>
    </message>
    <message>
        <source>labels %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <source>%1, unusual area or aspect ratio for this dataset</source>
        <translation>%1，对本数据集而言面积或宽高比不寻常</translation>
    </message>
    <message>
        <source>%1, most items are %2</source>
        <translation>%1，多数条目为 %2</translation>
    </message>
    <message>
        <source>unreadable now (changed or removed since the import)</source>
        <translation>现在无法读取（导入后已更改或删除）</translation>
    </message>
</context>
<context>
    <name>ItemDetail</name>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>In training</source>
        <translation>参与训练</translation>
    </message>
    <message>
        <source>Select an item to see it here.</source>
        <translation>选择一个条目以在此查看。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>%1 (edited; imported as %2)</source>
        <translation>%1（已编辑；导入时为 %2）</translation>
    </message>
    <message>
        <source>no — the file cannot be read</source>
        <translation>否 — 文件无法读取</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no — excluded</source>
        <translation>否 — 已排除</translation>
    </message>
    <message>
        <source>corrupt: %1</source>
        <translation>损坏：%1</translation>
    </message>
    <message>
        <source>readable</source>
        <translation>可读取</translation>
    </message>
    <message numerus="yes">
        <source>readable; %n issue(s) found by the scan</source>
        <translation>
            <numerusform>可读取；扫描发现 %n 个问题</numerusform>
        </translation>
    </message>
    <message>
        <source>Outside the dataset root: this file lives elsewhere on disk (reached through a link or a manifest row). It is kept, and only ever read.</source>
        <translation>位于数据集根目录之外：此文件存放在磁盘的其他位置（通过链接或清单中的一行引用）。它会被保留，并且只会被读取。</translation>
    </message>
    <message>
        <source>Suggested label: %1</source>
        <translation>建议标签：%1</translation>
    </message>
</context>
<context>
    <name>ItemMap</name>
    <message>
        <source>(no label)</source>
        <translation>（无标签）</translation>
    </message>
    <message>
        <source>… %1 more labels</source>
        <translation>… 另有 %1 个标签</translation>
    </message>
    <message>
        <source>no problem found</source>
        <translation>未发现问题</translation>
    </message>
</context>
<context>
    <name>ItemTableModel</name>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>outside the dataset root</source>
        <translation>位于数据集根目录之外</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Status / issues</source>
        <translation>状态 / 问题</translation>
    </message>
    <message>
        <source>Included in training (Space toggles, Del excludes)</source>
        <translation>参与训练（空格切换，Del 排除）</translation>
    </message>
    <message>
        <source>Thumbnail</source>
        <translation>缩略图</translation>
    </message>
    <message>
        <source>Path relative to the dataset folder</source>
        <translation>相对于数据集文件夹的路径</translation>
    </message>
    <message>
        <source>Current label (double-click or F2 to edit)</source>
        <translation>当前标签（双击或按 F2 编辑）</translation>
    </message>
    <message>
        <source>Width × height in pixels</source>
        <translation>宽 × 高（像素）</translation>
    </message>
    <message>
        <source>Colour mode: L grey, RGB, RGBA</source>
        <translation>颜色模式：L 灰度、RGB、RGBA</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>文件大小</translation>
    </message>
    <message>
        <source>Why the item could not be read, or what the quality scan found</source>
        <translation>条目无法读取的原因，或质量扫描发现的问题</translation>
    </message>
    <message>
        <source>Not in training: the file cannot be read, whatever its tick says</source>
        <translation>不参与训练：文件无法读取，无论是否勾选</translation>
    </message>
    <message>
        <source>Included</source>
        <translation>已纳入</translation>
    </message>
    <message>
        <source>Excluded from training and cleaning</source>
        <translation>不参与训练和清洗</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Edited; the imported label was %1</source>
        <translation>已编辑；导入时的标签为 %1</translation>
    </message>
    <message>
        <source>Outside the dataset root: this file lives elsewhere on disk (reached through a link or a manifest row). It is kept, and only ever read.</source>
        <translation>位于数据集根目录之外：此文件存放在磁盘的其他位置（通过链接或清单中的一行引用）。它会被保留，并且只会被读取。</translation>
    </message>
</context>
<context>
    <name>LatentExplorer</name>
    <message>
        <source>Choose a VAE run to explore its latent space.</source>
        <translation>选择一个 VAE 运行来探索其潜在空间。</translation>
    </message>
    <message>
        <source>This VAE has %1 latent dimensions: the plane moves the first two, the other %2 stay at 0.</source>
        <translation>此 VAE 有 %1 个潜在维度：平面控制前两个维度，其余 %2 个保持为 0。</translation>
    </message>
    <message>
        <source>The plane is the whole 2-D latent space, from -3 to +3 standard deviations of the prior.</source>
        <translation>该平面是完整的二维潜在空间，范围为先验分布的 -3 到 +3 个标准差。</translation>
    </message>
</context>
<context>
    <name>LatentPlane</name>
    <message>
        <source>Drag over the plane (or use the arrow keys) to decode that latent point</source>
        <translation>在平面上拖动（或使用方向键）以解码该潜在点</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>detecting…</source>
        <translation>检测中…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>Create an empty project file</source>
        <translation>创建一个空的项目文件</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a project file (.aigc)</source>
        <translation>打开项目文件（.aigc）</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Import Dataset…</source>
        <translation>导入数据集(&amp;I)…</translation>
    </message>
    <message>
        <source>Add a folder, CSV, IDX or NPZ dataset to the project</source>
        <translation>向项目添加文件夹、CSV、IDX 或 NPZ 数据集</translation>
    </message>
    <message>
        <source>Open &amp;Demo Dataset</source>
        <translation>打开演示数据集(&amp;D)</translation>
    </message>
    <message>
        <source>Handwritten digits with planted dirt of every kind</source>
        <translation>植入了各类脏数据的手写数字</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About AIGC Desktop</source>
        <translation>关于 AIGC Desktop(&amp;A)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the running import (Esc)</source>
        <translation>停止正在进行的导入（Esc）</translation>
    </message>
    <message>
        <source>Where models train: a CUDA GPU when present, else the CPU</source>
        <translation>模型训练所用设备：有 CUDA GPU 时使用 GPU，否则使用 CPU</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>%1 already exists.</source>
        <translation>%1 已存在。</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Import Dataset — choose a folder, or a CSV, IDX or NPZ file</source>
        <translation>导入数据集 — 选择文件夹，或 CSV、IDX、NPZ 文件</translation>
    </message>
    <message>
        <source>Datasets (*.csv *.npz *.gz *ubyte *.idx *.aigc);;All files (*)</source>
        <translation>数据集 (*.csv *.npz *.gz *ubyte *.idx *.aigc);;所有文件 (*)</translation>
    </message>
    <message>
        <source>An import is already running.</source>
        <translation>已有一个导入正在进行。</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>正在导入 %1</translation>
    </message>
    <message>
        <source>Opening the demo dataset</source>
        <translation>正在打开演示数据集</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <source>%1: %2 / %3</source>
        <translation>%1：%2 / %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Imported %1: %2 items</source>
        <translation>已导入 %1：%2 个条目</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Decoding %1</source>
        <translation>正在解码 %1</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>正在读取 %1</translation>
    </message>
    <message>
        <source>Saving %1 items</source>
        <translation>正在保存 %1 个条目</translation>
    </message>
    <message>
        <source>Writing the images</source>
        <translation>正在写入图像</translation>
    </message>
    <message numerus="yes">
        <source>CPU (%n thread(s))</source>
        <translation>
            <numerusform>CPU（%n 个线程）</numerusform>
        </translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Import cancelled; the project is unchanged.</source>
        <translation>导入已取消；项目未改变。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>No dataset</source>
        <translation>无数据集</translation>
    </message>
    <message>
        <source>%1 items · %2 corrupt · %3 excluded</source>
        <translation>%1 个条目 · %2 个损坏 · %3 个已排除</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language is used from the next start of AIGC Desktop.</source>
        <translation>新语言将在下次启动 AIGC Desktop 时生效。</translation>
    </message>
</context>
<context>
    <name>MembersDelegate</name>
    <message>
        <source>+%1</source>
        <translation>+%1</translation>
    </message>
</context>
<context>
    <name>MemorisedDialog</name>
    <message>
        <source>Memorised samples of %1</source>
        <translation>%1 的记忆样本</translation>
    </message>
    <message>
        <source>Each sample the evaluation flagged as a copy, beside the training image it copies. A duplicated training image is the one a generator learns to copy: clean its duplicate group.</source>
        <translation>评估标记为副本的每个样本，旁边是它复制的训练图像。生成器学会复制的往往是重复的训练图像：请清理它所在的重复组。</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Training image</source>
        <translation>训练图像</translation>
    </message>
    <message>
        <source>How it was found</source>
        <translation>如何发现</translation>
    </message>
    <message>
        <source>not in this dataset</source>
        <translation>不在此数据集中</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>sample %1 → training image %2</source>
        <translation>样本 %1 → 训练图像 %2</translation>
    </message>
    <message>
        <source>pixel copy, moved by (%1, %2) px; ratio %3</source>
        <translation>像素级副本，平移 (%1, %2) 像素；比值 %3</translation>
    </message>
    <message>
        <source>feature-space copy; ratio %1</source>
        <translation>特征空间副本；比值 %1</translation>
    </message>
    <message>
        <source>in duplicate group %1 (%2)</source>
        <translation>位于重复组 %1（%2）</translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <source>label consistency</source>
        <translation>标签一致性</translation>
    </message>
    <message>
        <source>off-manifold hallucination</source>
        <translation>流形外幻觉</translation>
    </message>
    <message>
        <source>semantic hallucination</source>
        <translation>语义幻觉</translation>
    </message>
    <message>
        <source>memorisation rate</source>
        <translation>记忆率</translation>
    </message>
    <message>
        <source>data-copying C_T</source>
        <translation>数据复制检验 C_T</translation>
    </message>
    <message>
        <source>local FD</source>
        <translation>本地 FD</translation>
    </message>
    <message>
        <source>local KID</source>
        <translation>本地 KID</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>density</source>
        <translation>密度</translation>
    </message>
    <message>
        <source>coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>α-precision</source>
        <translation>α-精确率</translation>
    </message>
    <message>
        <source>β-recall</source>
        <translation>β-召回率</translation>
    </message>
    <message>
        <source>class coverage</source>
        <translation>类别覆盖率</translation>
    </message>
    <message>
        <source>class KL</source>
        <translation>类别 KL</translation>
    </message>
    <message>
        <source>higher is better</source>
        <translation>越高越好</translation>
    </message>
    <message>
        <source>closer to 0 is better</source>
        <translation>越接近 0 越好</translation>
    </message>
    <message>
        <source>lower is better</source>
        <translation>越低越好</translation>
    </message>
    <message>
        <source>95% interval: %1 to %2</source>
        <translation>95% 区间：%1 至 %2</translation>
    </message>
    <message>
        <source>real-vs-real floor: %1</source>
        <translation>真实对真实基线：%1</translation>
    </message>
</context>
<context>
    <name>PlotControls</name>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>A logarithmic y axis: losses that fall by orders of magnitude stay readable</source>
        <translation>对数 y 轴：损失下降几个数量级时仍然清晰可读</translation>
    </message>
    <message>
        <source>Smoothing </source>
        <translation>平滑 </translation>
    </message>
    <message>
        <source>Smoothing, as in TensorBoard: an exponential moving average of the values (0 shows them raw); the raw curve stays faint behind</source>
        <translation>平滑（与 TensorBoard 相同）：数值的指数移动平均（0 显示原始值）；原始曲线以浅色保留在后面</translation>
    </message>
    <message>
        <source>Plot against epochs or against optimizer steps</source>
        <translation>以轮数或优化步数为横轴</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Nothing is changed yet. Apply creates a new dataset version; the original files are never touched and every version can be reverted to.</source>
        <translation>目前尚未做任何更改。“应用”会创建一个新的数据集版本；原始文件永远不会被改动，并且可以恢复到任何版本。</translation>
    </message>
    <message>
        <source>Included now</source>
        <translation>当前纳入</translation>
    </message>
    <message>
        <source>Included after</source>
        <translation>之后纳入</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>已排除</translation>
    </message>
    <message>
        <source>Relabelled</source>
        <translation>已重新标注</translation>
    </message>
    <message>
        <source>Converted or resized</source>
        <translation>已转换或缩放</translation>
    </message>
    <message>
        <source>Class balance (included items per label)</source>
        <translation>类别分布（每个标签的保留条目数）</translation>
    </message>
    <message>
        <source>Odd modes convert to %1, odd sizes resize to %2.</source>
        <translation>异常模式转换为 %1，异常尺寸缩放到 %2。</translation>
    </message>
</context>
<context>
    <name>Reveal</name>
    <message>
        <source>Reveal in Folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Show it in the system&apos;s file manager (Ctrl+Shift+R)</source>
        <translation>在系统文件管理器中显示 (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>%1 no longer exists</source>
        <translation>%1 已不存在</translation>
    </message>
</context>
<context>
    <name>ReviewModel</name>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Members (green = kept)</source>
        <translation>成员（绿色 = 保留）</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Act</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>Click a copy to keep only that one; Ctrl+click adds it or drops it (a group keeps at least one)</source>
        <translation>点击某个副本则只保留它；Ctrl+点击则加入或去掉它（每组至少保留一个）</translation>
    </message>
    <message>
        <source>Why / suggestion</source>
        <translation>原因 / 建议</translation>
    </message>
    <message>
        <source>Unchecked: the rule of this issue type leaves this item alone</source>
        <translation>未勾选：此问题类型的规则不处理该条目</translation>
    </message>
    <message>
        <source>How sure the classifier is of the suggested label</source>
        <translation>分类器对建议标签的把握程度</translation>
    </message>
    <message>
        <source>suggested %1 (%2)</source>
        <translation>建议 %1（%2）</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review the issues</source>
        <translation>审查问题</translation>
    </message>
    <message>
        <source>Pick an issue type, set its threshold and what to do with it. Uncheck an item to leave it alone; in a group, click a copy to keep only that one (Ctrl+click adds it or drops it).</source>
        <translation>选择一种问题类型，设置其阈值和处理方式。取消勾选某个条目即可不处理它；在一组中，点击某个副本则只保留它（Ctrl+点击则加入或去掉它）。</translation>
    </message>
    <message>
        <source>Items scoring at least this much are flagged</source>
        <translation>得分不低于此值的条目将被标记</translation>
    </message>
    <message>
        <source>What happens to every flagged item of this type</source>
        <translation>此类型的每个被标记条目将如何处理</translation>
    </message>
    <message>
        <source>Relabel only when the classifier is at least this sure</source>
        <translation>仅当分类器的置信度不低于此值时才重新标注</translation>
    </message>
    <message>
        <source>A group keeps at least one picture: to drop a whole group, choose the action Exclude.</source>
        <translation>每组至少保留一张图片：要去掉整组，请选择“排除”操作。</translation>
    </message>
    <message>
        <source>Review with the keyboard: A accepts (the action applies), R rejects (the item is left alone), and both move to the next row; ↑ and ↓ move; in a group, 1–9 keep only its n-th picture and Ctrl+1–9 add it or drop it</source>
        <translation>用键盘审阅：A 接受（执行该操作），R 拒绝（保持该项不变），两者都会移到下一行；↑ 和 ↓ 移动；在分组中，1–9 只保留第 n 张图片，Ctrl+1–9 加入或去掉它</translation>
    </message>
    <message>
        <source>Keys: A accept · R reject (leave alone) · ↑ ↓ move · 1–9 keep a group&apos;s picture (Ctrl+1–9: several)</source>
        <translation>按键：A 接受 · R 拒绝（保持不变）· ↑ ↓ 移动 · 1–9 保留组内图片（Ctrl+1–9：保留多张）</translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation>阈值：</translation>
    </message>
    <message>
        <source>A yes/no check: every item it finds is flagged, there is no threshold.</source>
        <translation>这是一项是/否检查：发现的每个条目都会被标记，没有阈值。</translation>
    </message>
    <message>
        <source>Flagged:</source>
        <translation>已标记：</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <source>Relabel confidence:</source>
        <translation>重新标注置信度：</translation>
    </message>
    <message>
        <source>%1 flagged</source>
        <translation>标记 %1 项</translation>
    </message>
    <message>
        <source>, %1 left alone</source>
        <translation>，%1 项保持不变</translation>
    </message>
    <message>
        <source>, %1 copies dropped</source>
        <translation>，去掉 %1 个副本</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>Run history</source>
        <translation>运行历史</translation>
    </message>
    <message>
        <source>Tick runs to compare their curves; select one to see its samples</source>
        <translation>勾选运行以比较其曲线；选中一个以查看其样本</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Resume the selected stopped run from its last checkpoint</source>
        <translation>从最后一个检查点继续所选的已停止运行</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) on %1 in %2</source>
        <translation>
            <numerusform>%1 上的 %n 次运行，位于 %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) in %1</source>
        <translation>
            <numerusform>%1 中有 %n 次运行</numerusform>
        </translation>
    </message>
    <message>
        <source>No runs on %1 yet: its finished and stopped runs appear here.</source>
        <translation>%1 上还没有运行：它已完成和已停止的运行会显示在这里。</translation>
    </message>
    <message>
        <source>No runs yet: finished and stopped runs of this project appear here.</source>
        <translation>还没有运行：本项目已完成和已停止的运行会显示在这里。</translation>
    </message>
    <message numerus="yes">
        <source>%n more on the project&apos;s other datasets (choose one above to see them).</source>
        <translation>
            <numerusform>项目的其他数据集上还有 %n 次（在上方选择以查看）。</numerusform>
        </translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
</context>
<context>
    <name>RunText</name>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>reconstruction loss</source>
        <translation>重建损失</translation>
    </message>
    <message>
        <source>KL divergence</source>
        <translation>KL 散度</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>discriminator loss</source>
        <translation>判别器损失</translation>
    </message>
    <message>
        <source>generator loss</source>
        <translation>生成器损失</translation>
    </message>
    <message>
        <source>images/s</source>
        <translation>图像/秒</translation>
    </message>
    <message>
        <source>sample diversity</source>
        <translation>样本多样性</translation>
    </message>
    <message>
        <source>sample distance</source>
        <translation>样本距离</translation>
    </message>
    <message>
        <source>class sample diversity</source>
        <translation>类内样本多样性</translation>
    </message>
    <message>
        <source>reconstruction diversity</source>
        <translation>重建多样性</translation>
    </message>
    <message>
        <source>Diffusion</source>
        <translation>扩散模型</translation>
    </message>
    <message>
        <source>Hinge</source>
        <translation>铰链损失</translation>
    </message>
    <message>
        <source>Binary cross-entropy</source>
        <translation>二元交叉熵</translation>
    </message>
    <message>
        <source>Rectified flow</source>
        <translation>整流流</translation>
    </message>
    <message>
        <source>Noise prediction, cosine schedule</source>
        <translation>噪声预测，余弦调度</translation>
    </message>
    <message>
        <source>Euler</source>
        <translation>欧拉</translation>
    </message>
    <message>
        <source>Auto (CUDA when present)</source>
        <translation>自动（有 CUDA 时使用）</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>the loss became NaN or infinite</source>
        <translation>损失变成了 NaN 或无穷大</translation>
    </message>
    <message>
        <source>the gradient norm exploded (%1 &gt; %2)</source>
        <translation>梯度范数爆炸（%1 &gt; %2）</translation>
    </message>
    <message>
        <source>another process&apos;s loss became NaN or infinite</source>
        <translation>另一个进程的损失变成了 NaN 或无穷大</translation>
    </message>
    <message>
        <source>Stopped early after epoch %1: the validation loss had not improved for %2 epochs (best: epoch %3).</source>
        <translation>在第 %1 轮后提前停止：验证损失已连续 %2 轮没有改善（最佳：第 %3 轮）。</translation>
    </message>
    <message>
        <source>Stopped in epoch %1 at step %2 of %3; “Continue” resumes there.</source>
        <translation>停在第 %1 轮的第 %2 / %3 步；“继续”会从这里接着训练。</translation>
    </message>
    <message>
        <source>stopped in epoch %1 at step %2</source>
        <translation>停在第 %1 轮的第 %2 步</translation>
    </message>
    <message>
        <source>Epochs trained: %1</source>
        <translation>已训练轮数：%1</translation>
    </message>
    <message>
        <source>stopped at the step budget after %1 optimizer steps</source>
        <translation>在 %1 个优化步后达到步数预算而停止</translation>
    </message>
    <message>
        <source>stopped at the time budget after %1 optimizer steps</source>
        <translation>在 %1 个优化步后达到时间预算而停止</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Training diverged in epoch %1 at step %2: %3. The run was stopped; the last good checkpoint (epoch %4) is kept. Try a lower learning rate.</source>
        <translation>训练在第 %1 轮第 %2 步发散：%3。运行已停止，保留了最后一个正常的检查点（第 %4 轮）。请尝试更低的学习率。</translation>
    </message>
</context>
<context>
    <name>SampleGridModel</name>
    <message>
        <source>generated</source>
        <translation>已生成</translation>
    </message>
    <message>
        <source>epoch grid</source>
        <translation>轮样本网格</translation>
    </message>
    <message>
        <source>interpolation</source>
        <translation>插值</translation>
    </message>
    <message>
        <source>input | reconstruction</source>
        <translation>输入 | 重建</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>第 %1 轮</translation>
    </message>
</context>
<context>
    <name>SampleView</name>
    <message>
        <source>Look back at the samples of earlier epochs</source>
        <translation>回看早期各轮的样本</translation>
    </message>
    <message>
        <source>Samples appear here after each epoch: the same fixed noise every time, so you can watch the model learn.</source>
        <translation>每轮结束后样本会显示在这里：每次使用相同的固定噪声，便于观察模型的学习过程。</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Samples after epoch %1 (the newest)</source>
        <translation>第 %1 轮后的样本（最新）</translation>
    </message>
    <message>
        <source>Samples after epoch %1 (the newest is epoch %2)</source>
        <translation>第 %1 轮后的样本（最新为第 %2 轮）</translation>
    </message>
    <message>
        <source>This run saved no samples.</source>
        <translation>此运行没有保存样本。</translation>
    </message>
</context>
<context>
    <name>ScanPage</name>
    <message>
        <source>Scanning</source>
        <translation>扫描中</translation>
    </message>
    <message>
        <source>The files are only read. You can cancel at any time.</source>
        <translation>文件只会被读取。你可以随时取消。</translation>
    </message>
    <message>
        <source>Reading the pixels</source>
        <translation>正在读取像素</translation>
    </message>
    <message>
        <source>Comparing the images</source>
        <translation>正在比较图像</translation>
    </message>
    <message>
        <source>Verifying near duplicates</source>
        <translation>正在核实近似重复</translation>
    </message>
    <message>
        <source>Cross-validating a classifier of the labels</source>
        <translation>正在交叉验证标签分类器</translation>
    </message>
    <message>
        <source>Scan finished</source>
        <translation>扫描完成</translation>
    </message>
    <message>
        <source>&amp;Cancel Scan</source>
        <translation>取消扫描(&amp;C)</translation>
    </message>
    <message>
        <source>Stop the scan; nothing is changed</source>
        <translation>停止扫描；不会做任何更改</translation>
    </message>
    <message>
        <source>&amp;Scan Again</source>
        <translation>重新扫描(&amp;S)</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>%1: %2 / %3</source>
        <translation>%1：%2 / %3</translation>
    </message>
    <message>
        <source>no issues</source>
        <translation>无问题</translation>
    </message>
    <message>
        <source>Scan finished in %1 s</source>
        <translation>扫描完成，用时 %1 秒</translation>
    </message>
    <message>
        <source>Found: %1. Press Next to review them.</source>
        <translation>发现：%1。按“下一步”进行审查。</translation>
    </message>
    <message>
        <source>The scan failed: %1</source>
        <translation>扫描失败：%1</translation>
    </message>
    <message>
        <source>Scan cancelled; nothing was changed.</source>
        <translation>扫描已取消；未做任何更改。</translation>
    </message>
</context>
<context>
    <name>ScoreHistogram</name>
    <message>
        <source>How the scores are spread: the orange bars are the flagged items. Click or drag to move the threshold.</source>
        <translation>分数的分布：橙色柱为被标记的项。点击或拖动以移动阈值。</translation>
    </message>
    <message numerus="yes">
        <source>Scores %1–%2: %n item(s)</source>
        <translation>
            <numerusform>分数 %1–%2：%n 项</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainingForm</name>
    <message>
        <source>VAE (variational autoencoder)</source>
        <translation>VAE（变分自编码器）</translation>
    </message>
    <message>
        <source>DCGAN (generative adversarial network)</source>
        <translation>DCGAN（生成对抗网络）</translation>
    </message>
    <message>
        <source>Diffusion (rectified flow U-Net)</source>
        <translation>扩散模型（整流流 U-Net）</translation>
    </message>
    <message>
        <source>A VAE trains steadily and can reconstruct; a GAN gives sharper samples; a diffusion model gives the most faithful samples and, conditional, draws the class asked for, but samples in several denoising steps</source>
        <translation>VAE 训练稳定并能重建；GAN 的样本更清晰；扩散模型的样本最逼真，条件模型能画出所要求的类别，但采样需要多个去噪步骤</translation>
    </message>
    <message>
        <source>Conditional on the labels</source>
        <translation>以标签为条件</translation>
    </message>
    <message>
        <source>Train one model per class label, so samples can be asked for by label (needs labelled data; unlabelled items are left out)</source>
        <translation>以类别标签为条件训练模型，从而可以按标签生成样本（需要有标签的数据；无标签条目不参与）</translation>
    </message>
    <message>
        <source>Auto (from the data)</source>
        <translation>自动（根据数据）</translation>
    </message>
    <message>
        <source>Images are resized to this side length before training</source>
        <translation>训练前将图像缩放到此边长</translation>
    </message>
    <message>
        <source>Quick</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>About a minute on a laptop CPU: a first look, still blurry</source>
        <translation>在笔记本 CPU 上约一分钟：先看个大概，样本仍较模糊</translation>
    </message>
    <message>
        <source>The default: legible, varied samples in a few minutes on a laptop CPU</source>
        <translation>默认：在笔记本 CPU 上几分钟内得到清晰可辨、多样的样本</translation>
    </message>
    <message>
        <source>About three times longer than Balanced, for the sharpest samples</source>
        <translation>约为“均衡”的三倍时长，样本最清晰</translation>
    </message>
    <message>
        <source>Custom (epochs)</source>
        <translation>自定义（轮数）</translation>
    </message>
    <message>
        <source>Train for the number of epochs you set</source>
        <translation>按你设定的轮数训练</translation>
    </message>
    <message>
        <source>How long to train: a preset is a number of optimizer steps, whatever the size of the data; set the epochs yourself for a custom length</source>
        <translation>训练多久：预设是固定的优化步数，与数据量无关；自行设置轮数即为自定义时长</translation>
    </message>
    <message>
        <source>Passes over the training images</source>
        <translation>遍历训练图像的次数</translation>
    </message>
    <message>
        <source>Optimizer steps, and the time they take: measured on this computer once a run of this model has finished here, estimated before</source>
        <translation>优化步数及其耗时：本机完成过该模型的训练后按实测计算，此前为估计值</translation>
    </message>
    <message>
        <source>Images per optimisation step</source>
        <translation>每个优化步骤的图像数</translation>
    </message>
    <message>
        <source>Adam&apos;s learning rate; lower it if training diverges</source>
        <translation>Adam 优化器的学习率；训练发散时请调低</translation>
    </message>
    <message>
        <source>Size of the latent code the images are generated from</source>
        <translation>用于生成图像的潜在编码的维度</translation>
    </message>
    <message>
        <source>Weight of the KL term: 1 is the plain VAE, above 1 a β-VAE (smoother latent space, blurrier images)</source>
        <translation>KL 项的权重：1 为普通 VAE，大于 1 为 β-VAE（潜在空间更平滑，图像更模糊）</translation>
    </message>
    <message>
        <source>The GAN objective: hinge is the stable default, WGAN-GP the most robust against mode collapse</source>
        <translation>GAN 的目标函数：铰链损失是稳定的默认选项，WGAN-GP 最能抵抗模式崩溃</translation>
    </message>
    <message>
        <source>%1 (%2 steps)</source>
        <translation>%1（%2步）</translation>
    </message>
    <message>
        <source>What the denoising network learns: rectified flow trains faster and samples well in fewer steps (the default, as measured)</source>
        <translation>去噪网络学习的目标：整流流训练更快，且用更少步数即可采样良好（实测后的默认值）</translation>
    </message>
    <message>
        <source>Denoising steps per sample: more are slower and somewhat sharper</source>
        <translation>每个样本的去噪步数：步数越多越慢，也更清晰一些</translation>
    </message>
    <message>
        <source>Classifier-free guidance of the samples towards their class (an unconditional model: towards a cluster of the training images, drawn from the noise): 0 ignores it, 1 is the plain conditional model, higher draws it more surely and less diversely</source>
        <translation>样本的无分类器引导，引向其类别（无条件模型：引向训练图像的一个聚类，由噪声抽取）：0 忽略它，1 为普通条件模型，更高则更确定地画出它、多样性更低</translation>
    </message>
    <message>
        <source>Where to train; on the CPU one core is left free for the interface</source>
        <translation>训练设备；在 CPU 上会为界面保留一个核心</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Image &amp;size:</source>
        <translation>图像尺寸(&amp;S)：</translation>
    </message>
    <message>
        <source>Trainin&amp;g length:</source>
        <translation>训练时长(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>轮数(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>批大小(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation>学习率(&amp;L)：</translation>
    </message>
    <message>
        <source>Latent si&amp;ze:</source>
        <translation>潜在维度(&amp;Z)：</translation>
    </message>
    <message>
        <source>β (KL &amp;weight):</source>
        <translation>β（KL 权重）(&amp;W)：</translation>
    </message>
    <message>
        <source>GAN l&amp;oss:</source>
        <translation>GAN 损失(&amp;O)：</translation>
    </message>
    <message>
        <source>Diffusion &amp;objective:</source>
        <translation>扩散目标(&amp;O)：</translation>
    </message>
    <message>
        <source>Denoising s&amp;teps:</source>
        <translation>去噪步数(&amp;T)：</translation>
    </message>
    <message>
        <source>G&amp;uidance scale:</source>
        <translation>引导强度(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>设备(&amp;D)：</translation>
    </message>
    <message>
        <source>= %1 steps, about %2 min here</source>
        <translation>= %1 步，在本机约 %2 分钟</translation>
    </message>
    <message>
        <source>= %1 steps, about %2 min on one CPU core</source>
        <translation>= %1 步，单个 CPU 核心约 %2 分钟</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>The dataset a new run trains on: its current version&apos;s included, readable images</source>
        <translation>新运行所训练的数据集：其当前版本中已纳入且可读的图像</translation>
    </message>
    <message>
        <source>A new run trains on the current version. To train on another one, revert to it in the Cleaning tab (nothing is copied).</source>
        <translation>新运行在当前版本上训练。要在其他版本上训练，请在“清洗”标签页中恢复到该版本（不会复制任何内容）。</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Model and hyper-parameters</source>
        <translation>模型与超参数</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Train a new run on the current dataset (F5)</source>
        <translation>在当前数据集上训练一次新运行（F5）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause or resume training between two batches (F6)</source>
        <translation>在两个批次之间暂停或继续训练（F6）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop and keep a checkpoint that “Continue” resumes from (Shift+F5)</source>
        <translation>停止并保留一个检查点，可用“继续”从该处恢复（Shift+F5）</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Choose a model and press Start (F5).</source>
        <translation>选择模型并按“开始”（F5）。</translation>
    </message>
    <message>
        <source>What the run&apos;s health checks found; the log has every message</source>
        <translation>本次训练健康检查发现的问题；完整信息见日志</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Training losses (lines) and the validation loss (dots), by epoch</source>
        <translation>按轮显示的训练损失（线）和验证损失（点）</translation>
    </message>
    <message>
        <source>Choose a model and press Start (F5). Each epoch&apos;s losses, warnings and where the run is saved appear here.</source>
        <translation>选择模型并按“开始”（F5）。每轮的损失、警告以及运行的保存位置会显示在这里。</translation>
    </message>
    <message>
        <source>The per-epoch value to compare across the ticked runs</source>
        <translation>在勾选的运行之间比较的逐轮数值</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>比较运行</translation>
    </message>
    <message>
        <source>Hyper-parameters</source>
        <translation>超参数</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>No dataset: import one, or open the demo.</source>
        <translation>没有数据集：请导入一个，或打开演示数据集。</translation>
    </message>
    <message>
        <source>Preparing the data for a new %1 run…</source>
        <translation>正在为新的 %1 运行准备数据…</translation>
    </message>
    <message>
        <source>Continuing %1 from its last checkpoint…</source>
        <translation>从最后一个检查点继续 %1…</translation>
    </message>
    <message>
        <source>Waiting for the first epoch…</source>
        <translation>正在等待第一轮…</translation>
    </message>
    <message>
        <source>Preparing data</source>
        <translation>正在准备数据</translation>
    </message>
    <message>
        <source>Preparing data…</source>
        <translation>正在准备数据…</translation>
    </message>
    <message>
        <source>Paused — %p%</source>
        <translation>已暂停 — %p%</translation>
    </message>
    <message>
        <source>Paused (the run waits between two batches; the time does not count).</source>
        <translation>已暂停（运行在两个批次之间等待；暂停时间不计入）。</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>已继续。</translation>
    </message>
    <message>
        <source>Stopping — %p%</source>
        <translation>正在停止 — %p%</translation>
    </message>
    <message>
        <source>Stopping; the last checkpoint is kept…</source>
        <translation>正在停止；将保留最后一个检查点…</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Preparing data: %1 of %2 images</source>
        <translation>正在准备数据：%1 / %2 张图像</translation>
    </message>
    <message numerus="yes">
        <source>CPU, %n training thread(s)</source>
        <translation>
            <numerusform>CPU，%n 个训练线程</numerusform>
        </translation>
    </message>
    <message>
        <source>torch %1</source>
        <translation>torch %1</translation>
    </message>
    <message>
        <source>Starting — %p%</source>
        <translation>正在开始 — %p%</translation>
    </message>
    <message>
        <source>%1 %2×%2×%3 on %4 images of %5 classes</source>
        <translation>%1 %2×%2×%3，%4 张图像，%5 个类别</translation>
    </message>
    <message>
        <source>%1 %2×%2×%3 on %4 images</source>
        <translation>%1 %2×%2×%3，%4 张图像</translation>
    </message>
    <message>
        <source>Continuing %1 — %2</source>
        <translation>继续训练 %1 — %2</translation>
    </message>
    <message>
        <source>Training %1 — %2</source>
        <translation>正在训练 %1 — %2</translation>
    </message>
    <message>
        <source>Run folder: %1</source>
        <translation>运行文件夹：%1</translation>
    </message>
    <message>
        <source>Epoch %1 of %2 — %p%</source>
        <translation>第 %1 / %2 轮 — %p%</translation>
    </message>
    <message>
        <source>Epoch %1/%2: %3</source>
        <translation>第 %1/%2 轮：%3</translation>
    </message>
    <message>
        <source>device memory %1 MB</source>
        <translation>设备内存 %1 MB</translation>
    </message>
    <message>
        <source>app memory %1 MB</source>
        <translation>应用内存 %1 MB</translation>
    </message>
    <message>
        <source>%1 images/s</source>
        <translation>%1 张图像/秒</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>预计剩余 %1</translation>
    </message>
    <message>
        <source>elapsed %1</source>
        <translation>已用时 %1</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <source>Stopped before training began.</source>
        <translation>在训练开始前已停止。</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>Stopped early</source>
        <translation>已提前停止</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Could not read the run history: %1</source>
        <translation>无法读取运行历史：%1</translation>
    </message>
    <message>
        <source>%1: %2 of %3 epochs, %4</source>
        <translation>%1：%2 / %3 轮，%4</translation>
    </message>
</context>
<context>
    <name>TrainingWarnings</name>
    <message>
        <source>the code carries %1 nats (%2 of %3 latent dimensions active, KL per dimension %4 nats)</source>
        <translation>编码只携带 %1 nats（%3 个潜在维度中 %2 个活跃，每维 KL 为 %4 nats）</translation>
    </message>
    <message>
        <source>reconstructions are %1 as varied as their inputs</source>
        <translation>重建图像的多样性只有输入的 %1</translation>
    </message>
    <message>
        <source>Posterior collapse in epoch %1: %2. The decoder draws the same average image whatever the input. Lower β (KL weight), keep the KL warm-up or free bits on, or train longer.</source>
        <translation>第 %1 轮出现后验坍缩：%2。无论输入是什么，解码器都画出同一张平均图像。请降低 β（KL 权重）、保持 KL 预热或自由比特开启，或训练更久。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Mode collapse in epoch %1: the samples within each class are only %2 as varied as the training images, so the generator draws a few shapes over and over. Try a lower learning rate, the WGAN-GP loss, or more data.</source>
        <translation>第 %1 轮出现模式坍缩：每个类别内样本的多样性只有训练图像的 %2，生成器在反复画少数几种形状。请尝试更低的学习率、WGAN-GP 损失或更多数据。</translation>
    </message>
    <message>
        <source>Mode collapse in epoch %1: the samples are only %2 as varied as the training images, so the generator draws a few shapes over and over. Try a lower learning rate, the WGAN-GP loss, or more data.</source>
        <translation>第 %1 轮出现模式坍缩：样本的多样性只有训练图像的 %2，生成器在反复画少数几种形状。请尝试更低的学习率、WGAN-GP 损失或更多数据。</translation>
    </message>
    <message>
        <source>Still improving: the validation loss fell by %1 over the last third of the run. Train longer (a bigger step budget, or the next preset) for better samples.</source>
        <translation>仍在改进：验证损失在运行的最后三分之一下降了 %1。训练更久（更大的步数预算，或下一个预设）可得到更好的样本。</translation>
    </message>
    <message>
        <source>Still improving: the distance of the samples to real images fell by %1 over the last third of the run. Train longer (a bigger step budget, or the next preset) for better samples.</source>
        <translation>仍在改进：样本到真实图像的距离在运行的最后三分之一下降了 %1。训练更久（更大的步数预算，或下一个预设）可得到更好的样本。</translation>
    </message>
    <message>
        <source>%1 unlabelled images left out of conditional training</source>
        <translation>%1 张无标签图像未参与条件训练</translation>
    </message>
    <message>
        <source>%1 files changed or disappeared since the dataset was imported (%2); training reads them as they are now (a missing file is left out). Import the dataset again to scan them.</source>
        <translation>自导入数据集以来有 %1 个文件被修改或消失（%2）；训练按它们现在的样子读取（缺失的文件不参与）。请重新导入数据集以检查它们。</translation>
    </message>
</context>
<context>
    <name>UndoCommands</name>
    <message numerus="yes">
        <source>Label %n item(s) as “%1”</source>
        <translation>
            <numerusform>将 %n 个条目标记为“%1”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the label of %n item(s)</source>
        <translation>
            <numerusform>删除 %n 个条目的标签</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Include %n item(s)</source>
        <translation>
            <numerusform>纳入 %n 个条目</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exclude %n item(s)</source>
        <translation>
            <numerusform>排除 %n 个条目</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VersionText</name>
    <message>
        <source>import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>cleaning</source>
        <translation>清洗</translation>
    </message>
    <message>
        <source>revert</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>manual edits</source>
        <translation>手动编辑</translation>
    </message>
    <message>
        <source>the import as it was</source>
        <translation>导入时的原样</translation>
    </message>
    <message>
        <source>cleaned: %1 excluded, %2 relabelled, %3 converted or resized; %4 of %5 included</source>
        <translation>清洗：排除 %1 个，改标 %2 个，转换或缩放 %3 个；纳入 %4 / %5 个</translation>
    </message>
    <message>
        <source>manual edits since version %1 (%2 inclusion changes)</source>
        <translation>自版本 %1 以来的手动编辑（%2 处纳入变更）</translation>
    </message>
    <message>
        <source>revert to version %1</source>
        <translation>恢复到版本 %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>items decided one by one: %1</source>
        <translation>逐项决定的条目：%1</translation>
    </message>
    <message>
        <source>no rule changes anything</source>
        <translation>没有规则改动任何条目</translation>
    </message>
    <message>
        <source>version %1 (%2) · %3 of %4 items included</source>
        <translation>版本 %1（%2）· 已纳入 %3 / %4 个条目</translation>
    </message>
</context>
<context>
    <name>_Worker</name>
    <message>
        <source>Internal error: %1</source>
        <translation>内部错误：%1</translation>
    </message>
    <message>
        <source>; details in %1</source>
        <translation>；详细信息见 %1</translation>
    </message>
</context>
</TS>
