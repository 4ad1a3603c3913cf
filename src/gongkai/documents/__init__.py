"""Official documents (公文) as files: DOCX for editing in Word/WPS, PDF for sending.

``docx`` lays out a Word document with the page and fonts of GB/T 9704-2012 《党政机关公文格式》;
``pdf`` renders a Django template to PDF with WeasyPrint. The reply letters
(``applications.letters``) and the annual report use both.
"""
