<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>Actions</name>
    <message>
        <source>&amp;New Post…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a post in this library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a folder of posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the post under another name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Post as HTML…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write this post as a web page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;Site…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the whole blog as a static site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rename File from Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the file after the title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;uplicate Post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy this post to a new file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to &amp;Trash…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the post&apos;s file to the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close blogdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the last edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select everything in the focused field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find in the post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find and &amp;Replace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace in the post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search &amp;Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search every post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading speed, theme, font, file names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Bold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>**Bold**</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Italic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>*Italic*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`Code`</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Link…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[Link](url)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heading &amp;1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source># Heading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heading &amp;2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>## Heading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heading &amp;3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>### Heading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paragraph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain paragraph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&gt; Quote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bulleted &amp;List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>- List item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Numbered List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1. List item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;trikethrough</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>~~Strikethrough~~</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code Bl&amp;ock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A fenced block of code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;able</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Markdown table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Horizontal &amp;Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--- (a thematic break)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reader View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the post full-window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check &amp;Spelling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Underline unknown words as you type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Focus Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dim all but the sentence or paragraph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Typewriter Scrolling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the line in the middle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Distraction-Free Full Screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the text, full screen (Esc leaves)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Larger text in the editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smaller text in the editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset &amp;Zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The editor&apos;s text at its usual size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next Post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the next post in the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous Post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the previous post in the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Publish Post…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit the post and its images, and push</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch, rebase or merge, and push</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post &amp;History…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier versions of the post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Changes Since Last Commit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The post against its last commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown &amp;Cheat Sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Markdown you can write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About blogdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version and credits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>The preview is not available: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CenterStack</name>
    <message>
        <source>Preparing the preview…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheatSheet</name>
    <message>
        <source>Headings (Ctrl+1, Ctrl+2, Ctrl+3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emphasis (Ctrl+B, Ctrl+I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code in a sentence (Ctrl+`)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A link (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An image; paste or drop one in the editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lists; Enter continues them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A quote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A code block, highlighted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A footnote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A horizontal rule (inside the body)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown in blogdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Front matter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lines between &lt;code&gt;---&lt;/code&gt; at the top of a post hold its title, date, tags and more. Edit them in the Post panel; keys it does not know stay as they are, in the Raw tab.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Open Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent libraries</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare “{0}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yours (unsaved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the Version on Disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two versions are the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n line differs. Nothing is changed until you choose.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lines differ. Nothing is changed until you choose.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Sync: both sides changed the same posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>You and the upstream both changed %n file.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>You and the upstream both changed %n files.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{0} Nothing has been changed yet. Choose whose version to keep; the other one stays in the history. To combine them: cancel, edit the post to hold both, publish it, then sync again and keep yours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Posts changed on both sides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine (this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theirs (the upstream)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take Theirs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Cannot open the library {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a Folder for the New Blog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} has posts already. Open it as it is?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Blog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title of the blog:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new blog could not be created in {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title of the new post:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new post could not be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file name already matches the title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot rename: {0} already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot rename {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renamed to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The post could not be duplicated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move “{0}” ({1}) to the trash?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} could not be moved to the trash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved {0} to the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New name for the tag “{0}”:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename the tag “{0}” to “{1}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge {0} into:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge {0} into “{1}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: not possible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: no post would change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Post as HTML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Web pages (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting the post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Site To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder outside the library for the exported site.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting the site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, {0} drafts or scheduled left out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export again with the drafts and scheduled posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, {0} could not be exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Counted</name>
    <message numerus="yes">
        <source>{0}? %n post will change.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}? %n posts will change.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: %n post changed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: %n posts changed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n exported to {0}</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>. %n problem: {0}</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>. %n problems: {0}</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CountsPopup</name>
    <message>
        <source>Post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Characters without spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} min</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blogdesk: {0}</source>
        <extracomment>Errors shown in one dialog; past that (a failing paint event repeats forever) only the log.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the error and the versions for a report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The details are in the log: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No log file could be written; the details are below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blogdesk ran into an unexpected error and carried on. Your unsaved text is kept for recovery; save your work, and restart blogdesk if something looks wrong. {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More errors followed: they are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Unsaved Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{0}” has changes that are not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save them before going on?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About blogdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read, draft and export the Markdown posts of your blog: a library by title, a live preview of the published page, the front matter as a form, and the reading time as you type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MIT licence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown Cheat Sheet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiffView</name>
    <message>
        <source>Differences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the differences as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Later version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unified diff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed lines start with -, added lines with +</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Side by Side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two versions are the same.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DistractionFree</name>
    <message>
        <source>Words and reading time</source>
        <extracomment>The word counter shows when the mouse is this close to the bottom edge (pixels). How often the mouse is looked at in full screen (ms).</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Docks</name>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The post&apos;s headings; Enter goes there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} Panel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EditorPane</name>
    <message>
        <source>Post text</source>
        <extracomment>The order extra selections are drawn in, bottom first; a name not listed goes on top.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The post&apos;s Markdown; the preview shows the page</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterChip</name>
    <message>
        <source>Clear this filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the tag filter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindReplaceBar</name>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole word</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regular expression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace this match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace all matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid expression: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{0} match</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} matches</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Invalid replacement: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaced {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GitController</name>
    <message>
        <source>new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not pushed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any git state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Committed, not pushed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show posts in one git state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show posts in git state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit the post and its images, and push</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch, rebase or merge, and push</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post History…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes Since Last Commit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a post to publish it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last commit (none yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync stopped: both sides changed the same posts. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>git: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync cancelled; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GitWiring</name>
    <message>
        <source>An earlier version of “{0}” is open, not saved: save to keep it, or reload the file to go back.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History of “{0}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions of the post, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore This Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this version as unsaved edits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This post has no commits yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <source>draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recently updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title A–Z</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortest read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By title, text and tags; Enter opens the first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show posts of one status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show posts of status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort posts by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n post</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n posts</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} of %n post</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} of %n posts</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LivePreview</name>
    <message>
        <source>The site generator was not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Config: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No site generator found: blogdesk&apos;s own style.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Word count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Words, characters and reading time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the post here, in Markdown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No post is open. Pick one in the library, or start one with File ▸ New Post (Ctrl+N).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MarkdownEditor</name>
    <message>
        <source>The image could not be saved: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;ormat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>G&amp;it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OptionalDateTimeEdit</name>
    <message>
        <source>Empty (Not set) leaves it out of the front matter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set to the current date and time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set {0} to now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PostListModel</name>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} · {1} min</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PostPanel</name>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.gif *.webp *.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Front matter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Front matter view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The post&apos;s title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lede and the search snippet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One or two sentences: the lede and the search snippet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slug</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last part of the post&apos;s web address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft: not published yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A draft is not published yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cover image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path of the image, relative to the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick an image file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a cover image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole front matter, as in the file. Keys the form does not show can be edited here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw front matter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole front matter as in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library&apos;s author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In _drafts/: a draft until it is moved to _posts/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a Cover Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} characters: search results cut titles after about {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No summary yet: it is the lede under the title and the text search engines show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} / {1} (search engines cut the rest)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} / {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{0}” looks like the existing tag “{1}”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Post page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The post as its readers will see it (read-only)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewScheduler</name>
    <message>
        <source>Preview paused: this text takes too long to render.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preview could not be updated: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What will happen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push to the upstream branch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commit message:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What will happen (nothing is changed until you publish):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to publish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Committed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This cannot be published as it is.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReaderWindow</name>
    <message>
        <source>Reader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>← Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next →</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} · Reader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Recover Unsaved Posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blogdesk was closed while these posts had unsaved text. Restore opens a post with that text as unsaved edits; Discard throws the text away.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The posts with text from an earlier session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the post with this text, unsaved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Throw this unsaved text away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decide Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · changed on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · file missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On disk now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On disk: nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Throw away the unsaved text of “{0}”? It cannot be recovered afterwards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard Unsaved Text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <extracomment>How each generator name reads in the &quot;Site generator&quot; combo (names: not translated).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> words per minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the library ({0} words per minute)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Words per minute; 0 follows the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading speed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Widget style</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Platform default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Style:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editor font kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading font (proportional, for prose)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monospace (every letter the same width, like code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editor text:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editor font</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> pt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editor font size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editor font:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Underline unknown words as I type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check spelling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip words in ALL CAPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip words in all caps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip words with digits (mp3, 2nd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip words with digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spelling:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spelling language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used when neither the post (lang) nor blogdesk.toml (language) says</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spelling language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Focus mode keeps bright</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sentence being written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The paragraph being written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Focus mode keeps bright:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Word goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Words to write per session:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save posts automatically after a pause in typing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let the preview load images and media from the web</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remote content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remote content:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where pasted and dropped images are copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New file names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pattern such as {slug}.md for new posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New file names:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site generator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detected ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved in the library&apos;s blogdesk.toml: the preview, the reader view and the export render as this generator publishes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a library to choose the generator that publishes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site generator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{names}. Example: {example}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpellingController</name>
    <message>
        <source>Spelling is off: {0}</source>
        <extracomment>Time the background pass may take in one go before it lets the UI breathe (ms). Lines whose results are remembered (by their text). A line for the status bar: the dictionary in use, or why there is none.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spelling: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to Dictionary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to This Blog&apos;s Words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ignore in This Post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatisticsPanel</name>
    <message>
        <source>very easy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>easy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fairly easy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plain English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fairly hard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>very hard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sentences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paragraphs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average sentence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest sentence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Readability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Words written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time writing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress toward the word goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v of {0} words</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusCounter</name>
    <message>
        <source>Reading time and words of the post; click for characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{0} min read · {1} word</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} min read · {1} words</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} of {1} word selected</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} of {1} words selected</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TagChip</name>
    <message>
        <source>Remove “{0}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove tag {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TagEditor</name>
    <message>
        <source>Add a tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a tag and press Enter or a comma</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TagTreeModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looks like: {0}. Merge them from the context menu.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TagsPanel</name>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choosing a tag filters the posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename “{0}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge {0} Tags…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge into Another Tag…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Posts with This Tag</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <source>Welcome to blogdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A blog is a folder of Markdown posts. Open yours (a Jekyll, Hugo or
Eleventy site works too), or start a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a folder of posts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a New Blog…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new blog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open recent library {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WritingFeatures</name>
    <message>
        <source>Progress toward the word goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spelling is off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text size: {0} px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1} words this session</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_NoticeRow</name>
    <message>
        <source>Hide this message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
